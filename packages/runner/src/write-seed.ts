import {
  appendDerivedEnvelope,
  checkArtifact,
  checkRelativePath,
  type DerivedEnvelopeInput,
  type DomainPlugin,
  ERROR_CODES,
  type FileRecord,
  fileRecordOf,
  findArtifactSpec,
  formatArtifactJson,
  parseJsonText,
  perSeedResultPath,
  runArtifactTable,
  runInputDigestOf,
  type SeedOutput,
  type SeedResult,
  seedDir,
  writeRunFile,
  ZpbenchError,
} from '@zpbench/core';

/** A seed output checked against the domain's contract, ready to be written. */
export interface CheckedSeed {
  readonly result: SeedResult;
  /** The files to write, run-root paths, the per-seed result last. */
  readonly files: readonly { readonly path: string; readonly content: string | Uint8Array }[];
  /** What the files will hash to. */
  readonly records: readonly FileRecord[];
}

const PER_SEED_ROLES = new Set(['sidecar', 'checkpoint', 'bundle-manifest', 'bundle-file']);

function violation(plugin: DomainPlugin<unknown>, seed: number, problem: string): ZpbenchError {
  return new ZpbenchError(
    ERROR_CODES.PLUGIN_CONTRACT,
    `the ${plugin.id} plugin broke its contract on seed ${seed}: ${problem}; fix the domain's runSeed or its artifact table (docs/domains/authoring.md)`,
  );
}

/** A returned file's content as text (a domain returns a string or UTF-8 bytes). */
function textOf(content: string | Uint8Array): string {
  return typeof content === 'string' ? content : Buffer.from(content).toString('utf8');
}

/**
 * Checks what a seed returned against the domain's contract before anything is written: the
 * result parses with the domain's per-seed schema and belongs to this seed, config and mode;
 * every file is a declared per-seed artifact at a safe, unique path, valid against its schema;
 * every checkpoint the result records is a written checkpoint file with that hash. A Markdown
 * sidecar gets the seed's provenance envelope (core's `appendDerivedEnvelope`), so domains never
 * write it themselves.
 */
export function checkSeedOutput(
  plugin: DomainPlugin<unknown>,
  seed: number,
  output: SeedOutput,
  expected: { readonly mode: string; readonly configHash: string; readonly codeVersion: string },
): CheckedSeed {
  const parsed = checkArtifact(plugin.contract.seedResult, output.result);
  if (!parsed.ok)
    throw violation(
      plugin,
      seed,
      `its result fails ${parsed.check} (expected ${parsed.expected}, found ${parsed.found})`,
    );
  const result = parsed.data;
  if (
    result.seed !== seed ||
    result.config_hash !== expected.configHash ||
    result.mode !== expected.mode
  ) {
    throw violation(
      plugin,
      seed,
      `it returned a result for seed ${result.seed}, mode ${result.mode}, config ${result.config_hash.slice(0, 12)}… (expected seed ${seed}, mode ${expected.mode}, config ${expected.configHash.slice(0, 12)}…)`,
    );
  }
  const table = runArtifactTable(plugin.contract);
  // What a Markdown sidecar's envelope cites: this seed's inputs alone.
  const sidecarEnvelope: DerivedEnvelopeInput = {
    contract: plugin.contract,
    mode: result.mode,
    codeVersion: expected.codeVersion,
    inputDigest: runInputDigestOf({
      domain: plugin.id,
      mode: result.mode,
      configHash: result.config_hash,
      seeds: [seed],
      datasetFingerprints: { [String(seed)]: result.dataset_fingerprint },
    }),
    models: Object.keys(result.runs),
    eventCount: Object.keys(result.runs).length,
  };
  const files: { path: string; content: string | Uint8Array }[] = [];
  const seen = new Set<string>();
  const resultPath = perSeedResultPath(seed);
  for (const file of output.files) {
    const lexical = checkRelativePath(file.path);
    const path = `${seedDir(seed)}/${file.path}`;
    if (lexical) throw violation(plugin, seed, `file "${file.path}" is not allowed (${lexical})`);
    if (path === resultPath)
      throw violation(
        plugin,
        seed,
        'it returned per_seed_result.json as a file; return it as the result',
      );
    if (seen.has(path)) throw violation(plugin, seed, `it returned ${path} twice`);
    seen.add(path);
    const found = findArtifactSpec(table, path);
    if (!found || !PER_SEED_ROLES.has(found.spec.role) || found.params.seed !== seed)
      throw violation(
        plugin,
        seed,
        `it wrote ${path}, which its artifact table does not declare as a per-seed file`,
      );
    const schema = found.spec.schema;
    if (schema) {
      const check = checkArtifact(schema, parseJsonText(textOf(file.content), path));
      if (!check.ok)
        throw violation(
          plugin,
          seed,
          `${path} fails ${check.check} (expected ${check.expected}, found ${check.found})`,
        );
    }
    files.push({
      path,
      content:
        found.spec.kind === 'markdown'
          ? appendDerivedEnvelope(textOf(file.content), sidecarEnvelope)
          : file.content,
    });
  }
  const records = files.map((f) => fileRecordOf(f.path, f.content));
  for (const [model, run] of Object.entries(result.runs)) {
    if (!run.checkpoint) continue;
    const record = records.find((r) => r.path === run.checkpoint?.path);
    const spec = record ? findArtifactSpec(table, record.path) : null;
    if (!record || spec?.spec.role !== 'checkpoint' || record.sha256 !== run.checkpoint.sha256)
      throw violation(
        plugin,
        seed,
        `the result records a checkpoint of ${model} at ${run.checkpoint.path} that it did not write with that sha256`,
      );
  }
  for (const [name, path] of Object.entries(result.artifact_naming)) {
    if (!findArtifactSpec(table, path))
      throw violation(
        plugin,
        seed,
        `artifact_naming.${name} points at ${path}, which no artifact declares`,
      );
  }
  const content = formatArtifactJson(result);
  files.push({ path: resultPath, content });
  records.push(fileRecordOf(resultPath, content));
  return { result, files, records };
}

/** Writes a checked seed: its files first, the per-seed result (which marks it complete) last. */
export function writeSeedFiles(runDir: string, checked: CheckedSeed): FileRecord[] {
  return checked.files.map((file) => writeRunFile(runDir, file.path, file.content));
}
