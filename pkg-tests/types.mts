// Compiled with `tsc --noEmit` only: the package's declarations, as an ES-module user sees them.
import {
  check,
  pullPaths,
  rules,
  topologySchema,
  version,
  type CheckOutput,
  type DiagnosticInfo,
  type FileInput,
  type CheckOptions,
  type Span,
  type Position,
  type FixInfo,
  type Edit,
  type RuleInfo,
  type PullPathInfo,
  type PullStep,
  type SeverityName,
  type RuleLevel,
  type VerdictName,
} from "topolint";

const files: FileInput[] = [{ name: "main.topology.json", text: "{}" }];
const options: CheckOptions = { settings: { rules: { "dns-zone-not-linked": "warning" } } };
const level: RuleLevel = "off";
const out: CheckOutput = check(files, options);
check(files);
check(files, {});
const counts: number = out.errorCount + out.warningCount + out.infoCount;

for (const d of out.diagnostics) {
  const diag: DiagnosticInfo = d;
  const code: string = diag.code;
  const sev: SeverityName = diag.severity;
  const span: Span = diag.span;
  const bytes: number = span.end - span.start;
  const pos: Position = span.range.start;
  const line: number = pos.line + pos.character;
  const file: string = span.file;
  const help: string | null = diag.help;
  const url: string = diag.url;
  const related: string[] = diag.related.map((r) => r.message + r.span.file);
  const fix: FixInfo | null = diag.fix;
  if (fix) {
    const title: string = fix.title;
    const edits: Edit[] = fix.edits;
    const newText: string = edits[0].newText + edits[0].span.range.end.character;
  }
  // @ts-expect-error severity is a closed set
  const wrong: SeverityName = "fatal";
}

const rs: RuleInfo[] = rules();
const r0: boolean = rs[0].hasFix && rs[0].defaultSeverity === "error" && rs[0].docs.length > 0;
const paths: PullPathInfo[] = pullPaths(files);
const step: PullStep = paths[0].steps[0];
const verdict: VerdictName = step.verdict;
const wname: string | null = paths[0].workload.name;
const schema: string = topologySchema();
const v: string = version();

// @ts-expect-error files must have a text
check([{ name: "x" }]);
// @ts-expect-error an unknown option
check(files, { setings: {} });
