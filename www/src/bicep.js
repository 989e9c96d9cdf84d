// A small Bicep mode for CodeMirror (StreamLanguage): keywords, strings with `${}`
// interpolation, multi-line ''' strings, comments, decorators, numbers. Enough to read by; the
// linter, not the highlighter, understands the language.
import { StreamLanguage } from "@codemirror/language";

const KEYWORDS = new Set([
  "targetScope", "param", "var", "resource", "module", "output", "existing", "if", "for", "in",
  "import", "using", "type", "func", "metadata", "extension", "with", "as", "provider",
]);
const ATOMS = new Set(["true", "false", "null"]);

function tokenString(stream, state) {
  // Inside '...': stop before `${` so the interpolation is highlighted as code.
  while (!stream.eol()) {
    if (stream.match("\\", true)) {
      stream.next();
      continue;
    }
    if (stream.match("${", false)) {
      if (stream.current().length > 0) return "string";
      stream.match("${");
      state.interp.push(0);
      state.inString = false;
      return "meta";
    }
    const ch = stream.next();
    if (ch === "'") {
      state.inString = false;
      return "string";
    }
  }
  return "string";
}

export const bicep = StreamLanguage.define({
  name: "bicep",
  startState: () => ({ inString: false, inMulti: false, inComment: false, interp: [] }),
  token(stream, state) {
    if (state.inComment) {
      if (stream.skipTo("*/")) {
        stream.match("*/");
        state.inComment = false;
      } else stream.skipToEnd();
      return "comment";
    }
    if (state.inMulti) {
      if (stream.skipTo("'''")) {
        stream.match("'''");
        state.inMulti = false;
      } else stream.skipToEnd();
      return "string";
    }
    if (state.inString) return tokenString(stream, state);
    if (stream.eatSpace()) return null;
    if (stream.match("//")) {
      stream.skipToEnd();
      return "comment";
    }
    if (stream.match("/*")) {
      state.inComment = true;
      return "comment";
    }
    if (stream.match("'''")) {
      state.inMulti = true;
      return "string";
    }
    const ch = stream.peek();
    if (ch === "'") {
      stream.next();
      state.inString = true;
      return tokenString(stream, state);
    }
    if (state.interp.length) {
      if (ch === "{") state.interp[state.interp.length - 1]++;
      if (ch === "}") {
        if (state.interp[state.interp.length - 1] === 0) {
          stream.next();
          state.interp.pop();
          state.inString = true;
          return "meta";
        }
        state.interp[state.interp.length - 1]--;
      }
    }
    if (ch === "@") {
      stream.next();
      stream.match(/^[\w.]+/);
      return "meta";
    }
    if (stream.match(/^\d+(\.\d+)?/)) return "number";
    if (stream.match(/^[A-Za-z_][\w]*/)) {
      const word = stream.current();
      if (KEYWORDS.has(word)) return "keyword";
      if (ATOMS.has(word)) return "atom";
      if (stream.peek() === "(") return "variableName.function";
      return "variableName";
    }
    if (stream.match(/^(==|!=|<=|>=|&&|\|\||\?\?|\.\?|[=!<>?:+\-*/%.])/)) return "operator";
    stream.next();
    return null;
  },
  languageData: { commentTokens: { line: "//", block: { open: "/*", close: "*/" } } },
});
