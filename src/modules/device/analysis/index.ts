/**
 * Analyses of one extraction's records, each a table that cites record ids and an accessible
 * SVG picture: the contact network, the timeline, movements, and lines of enquiry.
 */
export { AnalysisError, londonOffset, londonTime, MAX_RECORDS, type Stamp } from './common.ts';
export {
  type EnquiryBalance,
  type EnquiryHit,
  type EnquiryLine,
  type EnquiryResult,
  enquiryBalance,
  enquiryHits,
} from './enquiry.ts';
export {
  bng,
  type Journey,
  type MovementOptions,
  type Movements,
  movements,
  movementsSvg,
  type Stay,
  stayTimes,
} from './movements.ts';
export {
  type Contact,
  type ContactChannel,
  type Network,
  type NetworkTotals,
  network,
  networkSvg,
} from './network.ts';
export {
  type Burst,
  type DayCount,
  type Deletion,
  type Gap,
  type NewContact,
  type Timeline,
  type TimelineOptions,
  timeline,
  timelineSvg,
} from './timeline.ts';
