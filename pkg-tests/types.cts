// Compiled with `tsc --noEmit` only: the declarations a CommonJS user gets from require().
import topolint = require("topolint");

const out: topolint.CheckOutput = topolint.check([{ name: "a.topology.json", text: "{}" }]);
const first: topolint.DiagnosticInfo | undefined = out.diagnostics[0];
const schema: string = topolint.topologySchema();
