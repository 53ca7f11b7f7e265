/** "adds 0.81 to", "subtracts 1.05 from" or "makes (almost) no difference to", for a log-odds term. */
export function effectOnLogOdds(value: number): string {
  if (Math.abs(value) < 0.005)
    return value === 0 ? 'makes no difference to' : 'makes almost no difference to';
  return value < 0 ? `subtracts ${Math.abs(value).toFixed(2)} from` : `adds ${value.toFixed(2)} to`;
}
