/** `consent-gate`: the gate's core on the command line. Exit codes: 0 all allowed, 1 something held or named, 2 usage or input error. */
import { startNodeEngine } from '../faces/node';
import { parseCheckArgs, parseDoctorArgs, parseEnrollArgs, parseScrubArgs, parseStripArgs, UsageError } from './args';
import { runCheck } from './check';
import { doctorReport } from './doctor';
import { runEnroll } from './enroll';
import { loadRoster, RosterError } from './roster';
import { readText, runScrub } from './scrub';
import { runStrip } from './strip';

const HELP = `consent-gate — check school photos against the parents' consent list, on this machine only

Usage:
  consent-gate check PHOTO... --channel ID --roster FILE [--mode detect|recognize] [--json] [--lang nl|en]
        [--assign FACE=PUPIL_ID|adult|cover]... [--no-faces-confirmed] [--threshold 0.45] [--margin 0.08]
  consent-gate enroll --roster roster.csv --photos DIR --out roster.json
  consent-gate doctor [--json]
  consent-gate scrub --roster FILE [--channel ID] [--remove-ambiguous] [--json] [--lang nl|en] < text.txt
  consent-gate strip PHOTO... --out DIR [--roster FILE] [--json] [--lang nl|en]

check    decides per photo: ALLOW, or HOLD with a reason per face. In detect mode (the default) faces are found but
         not identified: the uploader says who each face is (--assign, face numbers as printed). In recognize mode
         faces are matched against the pupils enrolled with biometric consent.
enroll   stores reference descriptors (never photos) for pupils with biometric consent, from DIR/<pupil id>/*.jpg.
doctor   loads the models, runs the self-test and reports timings.
scrub    prints the text on standard input with the pupils' names taken out. Ambiguous matches are reported (on
         standard error, or in the JSON) but kept unless --remove-ambiguous. Exit 1 when it found any name.
strip    writes each photo to DIR as foto-YYYY-MM-DD-N.<ext> without EXIF (GPS), IPTC, XMP or comments, upright, with
         its colour profile; never over an existing file. With --roster it lists the pupils its metadata named.

The roster is the school's CSV export (see src/consent/README.md) or the JSON that enroll writes.`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const out = (line: string) => process.stdout.write(`${line}\n`);
  const err = (line: string) => process.stderr.write(`${line}\n`);
  switch (command) {
    case 'check': {
      const args = parseCheckArgs(rest);
      const roster = await loadRoster(args.roster);
      const engine = await startNodeEngine({ selfTest: args.mode === 'recognize' ? 'full' : 'detect' });
      if (!engine.status.ready) err(`face engine unavailable: ${engine.status.error.message} — every photo is held`);
      const { held } = await runCheck(args, roster, engine, { out, err, progressStream: process.stderr });
      return held > 0 ? 1 : 0;
    }
    case 'enroll': {
      const args = parseEnrollArgs(rest);
      const roster = await loadRoster(args.roster);
      const engine = await startNodeEngine({ selfTest: 'full' });
      if (!engine.status.ready) {
        err(`face engine unavailable: ${engine.status.error.message}; nothing was enrolled`);
        return 2;
      }
      const summary = await runEnroll(args, roster, engine, args.json ? () => undefined : out);
      if (args.json) out(JSON.stringify(summary));
      else out(`wrote ${summary.out}`);
      return 0;
    }
    case 'doctor': {
      const { json } = parseDoctorArgs(rest);
      const engine = await startNodeEngine({ selfTest: 'full' });
      const report = doctorReport(engine.status);
      out(json ? JSON.stringify(report) : Object.entries(report).map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : v}`).join('\n'));
      return engine.status.ready ? 0 : 1;
    }
    case 'scrub': {
      const args = parseScrubArgs(rest);
      const roster = await loadRoster(args.roster);
      const text = await readText(process.stdin);
      return runScrub(args, roster, text, { write: (t) => process.stdout.write(t), err });
    }
    case 'strip': {
      const args = parseStripArgs(rest);
      const roster = args.roster === undefined ? null : await loadRoster(args.roster);
      const { code } = await runStrip(args, roster, { out, err });
      return code;
    }
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      out(HELP);
      return command === undefined ? 2 : 0;
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError) process.stderr.write(`consent-gate: ${error.message}\nRun "consent-gate help" for usage.\n`);
    else if (error instanceof RosterError) process.stderr.write(`consent-gate: ${error.message}\n`);
    else process.stderr.write(`consent-gate: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  },
);
