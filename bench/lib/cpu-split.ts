import { availableParallelism } from 'node:os';
import { readdirSync, readFileSync } from 'node:fs';

/** CPU seconds (user + system) a process has used, from /proc (Linux); 0 when it is gone. */
function cpuSecondsOfPid(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command's closing parenthesis: utime and stime are the 12th and 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // clock ticks, 100 per second on Linux
  } catch {
    return 0;
  }
}

/** Every running PostgreSQL server process's pid (the machine's server, not PGlite). */
function postgresPids(): number[] {
  const pids: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (readFileSync(`/proc/${name}/comm`, 'utf8').trim() === 'postgres') pids.push(Number(name));
    } catch {
      // gone between the listing and the read
    }
  }
  return pids;
}

/** The machine's busy and total CPU seconds since boot, from /proc/stat. */
function machineSeconds(): { busy: number; total: number } {
  const cpu =
    readFileSync('/proc/stat', 'utf8').split('\n')[0]?.trim().split(/\s+/).slice(1).map(Number) ?? [];
  const total = cpu.reduce((a, b) => a + b, 0);
  const idle = (cpu[3] ?? 0) + (cpu[4] ?? 0);
  return { busy: (total - idle) / 100, total: total / 100 };
}

/**
 * Where the machine's CPU went between `start()` and `stop()`: the benchmark's own process (harness and
 * in-process stand-ins), each BFF process, PostgreSQL's server processes when the run uses one (backends that
 * exit mid-run are missed; pools keep theirs), and the rest of the machine. Linux only; a benchmark prints it so a figure
 * can be read against what else was using the cores.
 */
export function cpuSplit(bffPids: number[], options: { postgres: boolean }) {
  const sample = () => {
    const pg = options.postgres ? postgresPids() : [];
    return {
      self: process.cpuUsage(),
      bffs: bffPids.map(cpuSecondsOfPid),
      pg: new Map(pg.map((p) => [p, cpuSecondsOfPid(p)])),
      machine: machineSeconds(),
      wall: performance.now(),
    };
  };
  const before = sample();
  return {
    stop() {
      const after = sample();
      let pg = 0;
      for (const [pid, s] of after.pg) pg += s - (before.pg.get(pid) ?? 0);
      const self = (after.self.user + after.self.system - before.self.user - before.self.system) / 1e6;
      const bffs = after.bffs.map((s, i) => s - (before.bffs[i] ?? 0));
      const busy = after.machine.busy - before.machine.busy;
      const wall = (after.wall - before.wall) / 1000;
      const other = busy - self - pg - bffs.reduce((a, b) => a + b, 0);
      return {
        wallSeconds: wall,
        harness: self,
        bffs,
        postgres: pg,
        postgresUsed: options.postgres,
        other,
        busy,
        capacity: wall * availableParallelism(),
      };
    },
  };
}

export type CpuSplit = ReturnType<ReturnType<typeof cpuSplit>['stop']>;

export function printCpuSplit(s: CpuSplit) {
  const cell = (sec: number) => `${sec.toFixed(1)} s (${((100 * sec) / s.capacity).toFixed(0)} %)`;
  console.log(
    `\nCPU during the wave (${s.wallSeconds.toFixed(1)} s × ${availableParallelism()} cores = ${s.capacity.toFixed(0)} core-seconds):\n`,
  );
  console.log('| process | CPU |\n|---|--:|');
  console.log(`| benchmark (harness + Intuit and Exoserva stand-ins) | ${cell(s.harness)} |`);
  s.bffs.forEach((b, i) => console.log(`| BFF ${i + 1} | ${cell(b)} |`));
  if (s.postgresUsed) console.log(`| PostgreSQL server | ${cell(s.postgres)} |`);
  console.log(`| rest of the machine | ${cell(Math.max(0, s.other))} |`);
  console.log(`| idle | ${cell(Math.max(0, s.capacity - s.busy))} |`);
}
