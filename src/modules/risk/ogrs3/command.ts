import type { Command } from 'commander';
import { cliError } from '../cli-errors.ts';
import { assessOgrs3 } from './assess.ts';
import { formatOgrs3 } from './format.ts';
import { loadOffenceTable } from './offence-table-file.ts';

const OPTION_FOR: Record<string, string> = {
  gender: '--gender',
  dateOfBirth: '--dob',
  convictionDate: '--conviction-date',
  followUpDate: '--followup-date',
  sanctions: '--sanctions',
  ageAtFirstSanction: '--age-first-sanction',
  offenceCode: '--offence',
};

interface Ogrs3Options {
  gender: string;
  dob: string;
  convictionDate: string;
  followupDate: string;
  sanctions: string;
  ageFirstSanction: string;
  offence: string;
  offenceTable?: string;
  json?: boolean;
}

/** `bluelamp risk ogrs3 ...`: scores OGRS3 for one person and prints an advisory result. */
export function registerOgrs3Command(risk: Command): void {
  risk
    .command('ogrs3')
    .description('OGRS3 proven-reoffending probability (advisory only)')
    .requiredOption('--gender <gender>', 'male or female')
    .requiredOption('--dob <date>', 'date of birth, YYYY-MM-DD')
    .requiredOption('--conviction-date <date>', 'date of the current conviction, YYYY-MM-DD')
    .requiredOption(
      '--followup-date <date>',
      'start of follow-up (release, sentence start or assessment), YYYY-MM-DD',
    )
    .requiredOption('--sanctions <n>', 'total number of sanctions including the current one')
    .requiredOption('--age-first-sanction <n>', 'age at first sanction, in years')
    .requiredOption('--offence <code>', 'Home Office offence code of the current offence, e.g. 004/04')
    .option(
      '--offence-table <csv>',
      'offence-code mapping CSV (default: the published table shipped with Bluelamp)',
    )
    .option('--json', 'print JSON')
    .action((options: Ogrs3Options) => {
      const table = loadOffenceTable(options.offenceTable);
      const raw = {
        gender: options.gender,
        dateOfBirth: options.dob,
        convictionDate: options.convictionDate,
        followUpDate: options.followupDate,
        sanctions: Number(options.sanctions),
        ageAtFirstSanction: Number(options.ageFirstSanction),
        offenceCode: options.offence,
      };
      try {
        const result = assessOgrs3(raw, table);
        console.log(options.json ? JSON.stringify(result, null, 2) : formatOgrs3(result));
      } catch (error) {
        throw cliError(error, OPTION_FOR);
      }
    });
}
