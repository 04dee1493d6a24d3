// The Markdown of a `--compare` run: per configuration, both builds' CPU per request (medians),
// the paired difference, and every round, so a reader can see whether the rounds agree.

/** @param {Awaited<ReturnType<typeof import('../scenarios/compare.mjs').compareBuilds>>} compare */
export function compareLines(compare) {
  const ref = `\`${compare.ref}\` (${compare.sha.slice(0, 12)} ${compare.subject})`;
  const lines = [`## This checkout's gateway against ${ref}, loaded at the same time`, ''];
  lines.push(
    `Both builds run pinned to core 0 beside a fixed-answer ProductService (no database), each driven by its own wrk (${compare.connectionsEach} connections) on core 1, ${compare.rounds} rounds of ${compare.durationS} s; CPU µs per answered request from /proc. A swing in the machine's speed hits both builds in the same second, so read the paired difference and how many rounds agree, not either column alone.`,
    '',
    ...(compare.memoryLimitMiB === undefined
      ? []
      : [
          `As in a container with a ${compare.memoryLimitMiB} MiB memory limit: each gateway in a memory cgroup of that size, started with its Dockerfile's node flags (this: \`${compare.nodeArgs.this.join(' ') || '(none)'}\`; ref: \`${compare.nodeArgs.ref.join(' ') || '(none)'}\`).`,
          '',
        ]),
    '| Configuration | this µs/req | ref µs/req | this - ref (median of rounds) | this / ref | rounds this cheaper | sign test p | this req/s | ref req/s | errors |',
    '|---|---:|---:|---:|---:|---|---:|---:|---:|---:|',
  );
  for (const [config, { summary: s }] of Object.entries(compare.configs)) {
    const sign = s.differenceUs > 0 ? '+' : '';
    lines.push(
      `| ${config} | ${s.thisUs} | ${s.refUs} | ${sign}${s.differenceUs} (${sign}${s.differencePercent ?? '–'}%) | ${s.ratio} | ${s.lower} of ${s.differences.length} | ${s.signTestP} | ${s.thisRps} | ${s.refRps} | ${s.errors} |`,
    );
  }
  lines.push('');
  for (const [config, { rounds, summary, memory }] of Object.entries(compare.configs)) {
    const peaks = memory
      ? ` Peak RSS this / ref: ${memory.this.peakRssMiB} / ${memory.ref.peakRssMiB} MiB${compare.memoryLimitMiB === undefined ? '' : `; cgroup peak ${memory.this.cgroupPeakMiB ?? '–'} / ${memory.ref.cgroupPeakMiB ?? '–'} MiB, OOM kills ${memory.this.oomKills} / ${memory.ref.oomKills}`}.`
      : '';
    lines.push(
      `${config}, this - ref per round (µs/req): ${summary.differences.map((d) => `${d > 0 ? '+' : ''}${d}`).join(', ')}; GC µs/req this / ref per round: ${rounds.map((pair) => `${pair.this.gcUsPerRequest ?? '–'}/${pair.ref.gcUsPerRequest ?? '–'}`).join(', ')}.${peaks}`,
    );
  }
  lines.push(
    '',
    'Rours0: tracing and request logging off; Rours: as shipped (tracing to a local OTLP receiver, request logs to a file, metrics on); Rours0-404: Rours0 asked for a product the backend does not have (NOT_FOUND mapped to a 404 problem+json). "sign test p": the chance of a split of rounds at least this uneven if neither build were cheaper (two-sided; rounds with no difference left out).',
  );
  if (compare.lockfileDiffers) {
    lines.push('', `${compare.ref}'s package-lock.json differs from this checkout's: its gateway was built and run with this checkout's node_modules, so a dependency change between the two is not in the comparison.`);
  }
  lines.push('');
  return lines;
}

/** The command that repeats a comparison. */
export function compareCommand(compare) {
  const configs = Object.keys(compare.configs);
  return [
    `npm run bench -- --compare ${compare.ref}`,
    ...(compare.memoryLimitMiB === undefined ? [] : [`--memory-limit ${compare.memoryLimitMiB}`]),
    ...(configs.join(',') === 'Rours0,Rours' ? [] : [`--compare-config ${configs.join(',')}`]),
  ].join(' ');
}
