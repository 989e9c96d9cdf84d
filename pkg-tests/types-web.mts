// Compiled with `tsc --noEmit` only: the browser build's declarations.
import init, { initSync, check, type CheckOutput } from "topolint/web";

await init();
initSync({ module: new Uint8Array() });
const out: CheckOutput = check([{ name: "main.bicep", text: "" }]);
