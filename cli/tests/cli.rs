//! The `topolint` binary as users run it: arguments in, exit code and output out.
//!
//! Only syntax errors and a non-empty rule list are relied on, so these tests hold as rules are
//! added. Files that git cannot hold (an empty directory) or that should not sit in the tree
//! (invalid UTF-8) are made under the target directory.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_topolint");

/// Run topolint in `tests/data` with a neutral environment (no NO_COLOR, no TERM).
fn run(args: &[&str]) -> Output {
    run_with(args, &[])
}

fn run_with(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(BIN);
    cmd.args(args)
        .current_dir(data())
        .env_remove("NO_COLOR")
        .env_remove("TERM");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("topolint runs")
}

fn data() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data")
}

/// A fresh directory of its own for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn code(out: &Output) -> i32 {
    out.status.code().expect("exited, not killed")
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).expect("stdout is UTF-8")
}

fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).expect("stderr is UTF-8")
}

fn json(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout).expect("stdout is one JSON document")
}

/// A usage or I/O problem: exit 2, nothing on stdout, one line on stderr that names `needle`.
fn assert_usage_error(out: &Output, needle: &str) {
    let err = stderr(out);
    assert_eq!(code(out), 2, "stderr: {err}");
    assert_eq!(stdout(out), "", "a failed run prints no report");
    assert_eq!(err.lines().count(), 1, "one line, got: {err}");
    assert!(err.starts_with("error: "), "{err}");
    assert!(err.contains(needle), "{needle:?} not in: {err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn clean_file_exits_0() {
    let out = run(&["check", "clean.topology.json"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(stdout(&out), "no problems in 1 file\n");
    assert_eq!(stderr(&out), "");
}

#[test]
fn syntax_errors_exit_1_with_excerpt_and_summary() {
    let out = run(&["check", "broken.topology.json"]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("error[syntax-error]: "), "{text}");
    assert!(text.contains("--> broken.topology.json:3:20"), "{text}");
    // The source line, then the underline under the missing comma.
    assert!(
        text.contains(
            "3 |     { \"name\": \"hub\" \"region\": \"westeurope\" },\n  |                    ^"
        ),
        "{text}"
    );
    assert!(text.contains("= help: "), "{text}");
    assert!(text.contains("docs/rules/syntax-error.md"), "{text}");
    let summary = text.lines().last().unwrap();
    assert!(
        summary.ends_with("errors in 1 file") || summary.ends_with("error in 1 file"),
        "{summary}"
    );
}

#[test]
fn errors_in_one_file_fail_the_whole_run() {
    let out = run(&["check", "clean.topology.json", "broken.topology.json"]);
    assert_eq!(code(&out), 1);
    assert!(stdout(&out).trim_end().ends_with("in 2 files"));
}

#[test]
fn missing_file_exits_2() {
    let out = run(&["check", "no-such-file.bicep"]);
    assert_usage_error(&out, "'no-such-file.bicep'");
    assert!(stderr(&out).contains("no such file"));
}

#[test]
fn invalid_utf8_names_file_and_offset() {
    let dir = scratch("invalid_utf8");
    let file = dir.join("bad.topology.json");
    std::fs::write(&file, b"{\n  \"name\": \"caf\xe9\"\n}\n").unwrap();
    let out = run(&["check", file.to_str().unwrap()]);
    assert_usage_error(&out, "bad.topology.json");
    let err = stderr(&out);
    assert!(err.contains("not valid UTF-8"), "{err}");
    assert!(err.contains("offset 16"), "{err}");
    assert!(err.contains("line 2"), "{err}");
}

#[test]
fn empty_directory_exits_2() {
    let dir = scratch("empty_dir");
    std::fs::write(dir.join("README.md"), "nothing to lint\n").unwrap();
    let out = run(&["check", dir.to_str().unwrap()]);
    assert_usage_error(&out, "nothing to check in");
    assert!(stderr(&out).contains("empty_dir"));
}

#[test]
fn file_of_unknown_kind_alone_exits_2() {
    let out = run(&["check", "notes.txt"]);
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    assert!(err.contains("skipped 'notes.txt'"), "{err}");
    assert!(err.contains("error: nothing to check"), "{err}");
}

#[test]
fn bad_arguments_exit_2_with_one_line() {
    assert_usage_error(
        &run(&["check", "--format", "xml", "clean.topology.json"]),
        "xml",
    );
    assert_usage_error(&run(&["check"]), "PATH");
    assert_usage_error(&run(&["frobnicate"]), "frobnicate");
    assert_usage_error(
        &run(&["check", "--colour", "never", "clean.topology.json"]),
        "--color",
    );
    assert_usage_error(&run(&["rules", "--format", "sarif"]), "--format json");
}

#[test]
fn directories_are_walked_in_order_skipping_the_rest() {
    let out = run(&["check", "tree", "--format", "json"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let files: Vec<String> = json(&out)["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f.as_str().unwrap().replace('\\', "/"))
        .collect();
    assert_eq!(
        files,
        [
            "tree/app.topology.json",
            "tree/infra/azuredeploy.json",
            "tree/infra/azuredeploy.parameters.jsonc",
            "tree/infra/main.bicep",
        ]
    );
}

#[test]
fn a_file_named_twice_is_checked_once() {
    let out = run(&[
        "check",
        "tree/app.topology.json",
        "tree",
        "--format",
        "json",
    ]);
    let v = json(&out);
    assert_eq!(v["files"].as_array().unwrap().len(), 4);
    assert_eq!(v["files"][0], "tree/app.topology.json");
}

#[test]
fn json_output_has_the_documented_fields() {
    let out = run(&["check", "broken.topology.json", "--format", "json"]);
    assert_eq!(code(&out), 1);
    let v = json(&out);
    assert_eq!(v["version"], 1);
    assert_eq!(v["tool"]["name"], "topolint");
    assert_eq!(v["tool"]["version"], topolint::VERSION);
    assert_eq!(v["files"], serde_json::json!(["broken.topology.json"]));
    let text = std::fs::read_to_string(data().join("broken.topology.json")).unwrap();
    let diagnostics = v["diagnostics"].as_array().unwrap();
    assert!(!diagnostics.is_empty());
    for d in diagnostics {
        assert_eq!(d["file"], "broken.topology.json");
        let code = d["code"].as_str().unwrap();
        assert!(!code.is_empty());
        assert_eq!(d["severity"], "error");
        assert!(!d["message"].as_str().unwrap().is_empty());
        assert!(d["related"].is_array());
        assert!(d["help"].is_string() || d["help"].is_null());
        assert!(d["url"].as_str().unwrap().ends_with(&format!("{code}.md")));
        assert!(d["fix"].is_null() || d["fix"]["edits"].is_array());
        // Line and column agree with the byte offset, counted here independently.
        let (start, end) = (d["start"].as_u64().unwrap(), d["end"].as_u64().unwrap());
        assert!(start <= end && end as usize <= text.len());
        assert_eq!(
            (d["line"].as_u64().unwrap(), d["column"].as_u64().unwrap()),
            line_col(&text, start as usize)
        );
        assert_eq!(
            (
                d["endLine"].as_u64().unwrap(),
                d["endColumn"].as_u64().unwrap()
            ),
            line_col(&text, end as usize)
        );
    }
    let summary = &v["summary"];
    assert_eq!(summary["files"], 1);
    assert_eq!(summary["errors"], diagnostics.len());
    assert_eq!(summary["warnings"], 0);
    assert_eq!(summary["infos"], 0);
}

/// 1-based line and column (in characters) of a byte offset, for `\n` line ends.
fn line_col(text: &str, offset: usize) -> (u64, u64) {
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (
        line as u64,
        text[line_start..offset].chars().count() as u64 + 1,
    )
}

#[test]
fn sarif_output_is_complete_and_indexes_rules() {
    let out = run(&["check", "broken.topology.json", "--format", "sarif"]);
    assert_eq!(code(&out), 1);
    let v = json(&out);
    assert!(v["$schema"].as_str().unwrap().contains("sarif-2.1.0"));
    assert_eq!(v["version"], "2.1.0");
    let run = &v["runs"][0];
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "topolint");
    assert_eq!(driver["version"], topolint::VERSION);
    assert!(driver["informationUri"]
        .as_str()
        .unwrap()
        .starts_with("https://"));
    let rules = driver["rules"].as_array().unwrap();
    for rule in rules {
        assert!(rule["id"].is_string());
        assert!(rule["shortDescription"]["text"].is_string());
        assert!(rule["fullDescription"]["text"].is_string());
        assert!(rule["helpUri"].as_str().unwrap().starts_with("https://"));
        let level = rule["defaultConfiguration"]["level"].as_str().unwrap();
        assert!(["error", "warning", "note"].contains(&level), "{level}");
    }
    // Every catalogue rule is listed, whether or not it fired.
    let listed = json(&self::run(&["rules", "--format", "json"]));
    for rule in listed["rules"].as_array().unwrap() {
        assert!(
            rules.iter().any(|r| r["id"] == rule["id"]),
            "{}",
            rule["id"]
        );
    }
    let results = run["results"].as_array().unwrap();
    assert!(!results.is_empty());
    for r in results {
        let index = r["ruleIndex"].as_u64().unwrap() as usize;
        assert!(index < rules.len(), "ruleIndex {index} out of range");
        assert_eq!(rules[index]["id"], r["ruleId"]);
        assert_eq!(r["level"], "error");
        assert!(!r["message"]["text"].as_str().unwrap().is_empty());
        let loc = &r["locations"][0]["physicalLocation"];
        assert_eq!(loc["artifactLocation"]["uri"], "broken.topology.json");
        let region = &loc["region"];
        for key in ["startLine", "startColumn", "endLine", "endColumn"] {
            assert!(region[key].as_u64().unwrap() >= 1, "{key}");
        }
    }
}

#[test]
fn rules_are_listed_in_both_formats() {
    let listed = json(&run(&["rules", "--format", "json"]));
    let rules = listed["rules"].as_array().unwrap();
    assert!(!rules.is_empty());
    let human = run(&["rules"]);
    assert_eq!(code(&human), 0);
    let text = stdout(&human);
    for rule in rules {
        let id = rule["id"].as_str().unwrap();
        let level = rule["defaultLevel"].as_str().unwrap();
        assert!(["error", "warning", "info"].contains(&level));
        assert!(!rule["summary"].as_str().unwrap().is_empty());
        let url = rule["url"].as_str().unwrap();
        assert!(text.contains(id) && text.contains(url), "{id} missing");
    }
    assert_eq!(stdout(&run(&["--list-rules"])), text);
    assert_eq!(
        run(&["--list-rules", "--format", "json"]).stdout,
        run(&["rules", "--format", "json"]).stdout
    );
}

#[test]
fn version_is_the_core_version() {
    let out = run(&["--version"]);
    assert_eq!(code(&out), 0);
    assert_eq!(stdout(&out), format!("topolint {}\n", topolint::VERSION));
}

#[test]
fn piped_output_is_plain_and_color_always_is_not() {
    let piped = run(&["check", "broken.topology.json"]);
    assert!(!piped.stdout.contains(&0x1b), "ANSI escape in piped output");
    assert!(!piped.stderr.contains(&0x1b));
    assert!(!run(&["rules"]).stdout.contains(&0x1b));

    let forced = run(&["check", "--color", "always", "broken.topology.json"]);
    assert!(
        forced.stdout.contains(&0x1b),
        "no colour with --color always"
    );
    // The explicit flag wins over NO_COLOR; `auto` and `never` obey.
    let forced = run_with(
        &["check", "--color", "always", "broken.topology.json"],
        &[("NO_COLOR", "1")],
    );
    assert!(forced.stdout.contains(&0x1b));
    let never = run(&["check", "--color", "never", "broken.topology.json"]);
    assert!(!never.stdout.contains(&0x1b));
}

#[test]
fn machine_formats_are_never_coloured() {
    for format in ["json", "sarif"] {
        let out = run(&[
            "check",
            "--color",
            "always",
            "--format",
            format,
            "broken.topology.json",
        ]);
        json(&out);
        assert!(!out.stdout.contains(&0x1b), "{format}");
    }
}

fn example(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../examples/aks-hub-spoke-private-acr")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

#[test]
fn explain_shows_each_step_and_the_broken_dns() {
    let out = run(&[
        "explain",
        &example("broken.topology.json"),
        "--color",
        "never",
    ]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.starts_with("AKS cluster `aks-spoke` → registry `sharedplatform`: ✗ broken\n"),
        "{text}"
    );
    for title in [
        "who pulls",
        "authentication",
        "public or private",
        "private endpoint",
        "DNS",
        "room in the endpoint subnet",
        "service specifics",
    ] {
        assert!(text.contains(&format!(" {title} ")), "{title}: {text}");
    }
    let dns = text
        .lines()
        .find(|l| l.contains(" DNS "))
        .expect("a DNS line");
    assert!(dns.starts_with("  ✗ DNS"), "{dns}");
    assert!(dns.ends_with("[dns-peering-no-link]"), "{dns}");
    // The zone that needs the link, as file:line:col.
    assert!(text.contains("broken.topology.json:19:27"), "{text}");
    assert!(!text.contains('\u{1b}'), "no colour when told so");
    assert!(
        text.ends_with("1 pull path: 0 ok, 1 broken, 0 unknown\n"),
        "{text}"
    );
}

#[test]
fn explain_fixed_example_is_all_ok_and_exits_0() {
    let out = run(&["explain", &example("fixed.topology.json")]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = stdout(&out);
    assert!(!text.contains('✗') && !text.contains("  ? "), "{text}");
    assert!(text.contains(": ✓ ok\n"), "{text}");
}

#[test]
fn explain_colours_marks_only_when_asked() {
    let out = run(&[
        "explain",
        &example("broken.topology.json"),
        "--color",
        "always",
    ]);
    let text = stdout(&out);
    let broken = text.lines().next().unwrap_or_default();
    assert!(broken.contains("31m✗ broken\u{1b}[0m"), "{broken:?}");
}

#[test]
fn explain_json_has_the_documented_structure() {
    let out = run(&[
        "explain",
        &example("broken.topology.json"),
        "--format",
        "json",
    ]);
    assert_eq!(code(&out), 1);
    let v = json(&out);
    assert_eq!(v["version"], 1);
    assert_eq!(v["tool"]["name"], "topolint");
    let file = &v["files"][0];
    assert!(file["file"]
        .as_str()
        .unwrap()
        .ends_with("broken.topology.json"));
    let path = &file["paths"][0];
    assert_eq!(path["workload"]["name"], "aks-spoke");
    assert_eq!(path["workload"]["kind"], "aks");
    assert_eq!(path["registry"]["name"], "sharedplatform");
    assert_eq!(path["verdict"], "broken");
    let steps = path["steps"].as_array().unwrap();
    let kinds: Vec<&str> = steps.iter().map(|s| s["kind"].as_str().unwrap()).collect();
    assert_eq!(
        kinds,
        ["who", "auth", "access", "endpoint", "dns", "room", "service"]
    );
    let dns = &steps[4];
    assert_eq!(dns["verdict"], "broken");
    assert_eq!(dns["rule"], "dns-peering-no-link");
    assert_eq!(dns["reported"], true);
    assert_eq!(
        (
            dns["place"]["line"].as_u64(),
            dns["place"]["column"].as_u64()
        ),
        (Some(19), Some(27))
    );
    for key in [
        "file",
        "line",
        "column",
        "endLine",
        "endColumn",
        "start",
        "end",
    ] {
        assert!(!dns["place"][key].is_null(), "{key}");
        assert!(!dns["locations"][0][key].is_null(), "{key}");
    }
    assert!(dns["locations"][0]["message"].is_string());
    assert!(dns["reason"]
        .as_str()
        .unwrap()
        .contains("not to `spoke-aks`"));
}

#[test]
fn explain_without_pull_paths_says_so() {
    let out = run(&["explain", "clean.topology.json"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("clean.topology.json: no pull path"), "{text}");
    assert!(
        text.ends_with("0 pull paths: 0 ok, 0 broken, 0 unknown\n"),
        "{text}"
    );
}

#[test]
fn explain_refuses_sarif() {
    assert_usage_error(
        &run(&["explain", "clean.topology.json", "--format", "sarif"]),
        "SARIF",
    );
}

const ONE_SIDED: &str = r#"{ "vnets": [
  { "name": "hub", "addressSpace": ["10.0.0.0/16"], "peerings": [ { "remote": "spoke" } ] },
  { "name": "spoke", "addressSpace": ["10.1.0.0/16"] } ] }"#;

/// A repository in a scratch directory: `.git`, the given files.
fn repo(name: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = folder(name, files);
    std::fs::create_dir_all(dir.join("repo/.git")).unwrap();
    dir
}

fn check_in(dir: &Path, file: &str) -> Output {
    let mut cmd = Command::new(BIN);
    cmd.args(["check", file, "--format", "json"])
        .current_dir(dir)
        .env_remove("NO_COLOR");
    cmd.output().expect("topolint runs")
}

fn codes_of(v: &Value) -> Vec<String> {
    v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            format!(
                "{} {}",
                d["code"].as_str().unwrap(),
                d["severity"].as_str().unwrap()
            )
        })
        .collect()
}

#[test]
fn config_found_upward_sets_levels() {
    for name in ["topolint.json", ".topolint.json"] {
        let dir = repo(
            &format!("config_levels{name}"),
            &[
                (
                    &format!("repo/{name}"),
                    "{\n  // JSON with comments\n  \"rules\": { \"peering-one-sided\": \"warning\" },\n}",
                ),
                ("repo/infra/net/a.topology.json", ONE_SIDED),
            ],
        );
        let out = check_in(&dir.join("repo"), "infra/net/a.topology.json");
        assert_eq!(code(&out), 0, "{name}: {}", stderr(&out));
        assert_eq!(
            codes_of(&json(&out)),
            ["peering-one-sided warning"],
            "{name}"
        );
    }
}

#[test]
fn config_search_stops_at_the_repository_root() {
    let dir = repo(
        "config_stops",
        &[
            (
                "topolint.json",
                r#"{ "rules": { "peering-one-sided": "off" } }"#,
            ),
            ("repo/a.topology.json", ONE_SIDED),
        ],
    );
    let out = check_in(&dir.join("repo"), "a.topology.json");
    assert_eq!(code(&out), 1);
    assert_eq!(codes_of(&json(&out)), ["peering-one-sided error"]);
}

#[test]
fn config_problems_are_reported_on_the_config_file() {
    let dir = repo(
        "config_errors",
        &[
            (
                "repo/topolint.json",
                "{\n  \"rules\": {\n    \"peering-one-side\": \"off\",\n    \"dns-link-missing\": \"loud\"\n  }\n}\n",
            ),
            ("repo/a.topology.json", ONE_SIDED),
        ],
    );
    let out = check_in(&dir.join("repo"), "a.topology.json");
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let v = json(&out);
    let diags = v["diagnostics"].as_array().unwrap();
    let config: Vec<&Value> = diags
        .iter()
        .filter(|d| d["code"] == "config-error")
        .collect();
    assert_eq!(config.len(), 2, "{diags:?}");
    assert_eq!(config[0]["file"], "topolint.json");
    assert_eq!(
        (config[0]["line"].as_u64(), config[0]["column"].as_u64()),
        (Some(3), Some(5))
    );
    assert_eq!(config[0]["severity"], "warning");
    assert!(config[0]["message"]
        .as_str()
        .unwrap()
        .contains("did you mean `peering-one-sided`"));
    assert_eq!(
        (config[1]["line"].as_u64(), config[1]["severity"].as_str()),
        (Some(4), Some("error"))
    );
    assert!(diags.iter().any(|d| d["code"] == "peering-one-sided"));
    // The human report shows the config file's excerpt.
    let mut cmd = Command::new(BIN);
    let out = cmd
        .args(["check", "a.topology.json", "--color", "never"])
        .current_dir(dir.join("repo"))
        .output()
        .unwrap();
    let text = stdout(&out);
    assert!(text.contains("--> topolint.json:3:5"), "{text}");
    assert!(text.ends_with("in 2 files\n"), "{text}");
}

#[test]
fn bicep_entry_brings_its_local_modules() {
    let out = run(&["check", "modules/main.bicep", "--format", "json"]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let v = json(&out);
    let files: Vec<String> = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f.as_str().unwrap().to_string())
        .collect();
    // Each module file once (two uses of `net/vnet.bicep`, one nested `../peer.bicep`); the
    // missing one is left out.
    assert_eq!(
        files,
        [
            "modules/main.bicep",
            "modules/net/vnet.bicep",
            "modules/peer.bicep"
        ]
    );
    // The module is evaluated with the caller's parameters: the subnet outside its space is
    // reported where the caller writes its prefix, with the module's address space related.
    let diagnostics = v["diagnostics"].as_array().unwrap();
    assert!(
        diagnostics
            .iter()
            .any(|d| d["code"] == "vnet-subnet-outside-space"
                && d["file"] == "modules/main.bicep"
                && d["related"][0]["file"] == "modules/net/vnet.bicep"),
        "{v}"
    );
}

/// A module whose subnet lies outside its VNet's space: the finding names the VNet, so it says
/// which parameters the module was checked with (`hub` from a parent, `net` alone).
const NET_MODULE: &str = "param name string = 'net'

resource vnet 'Microsoft.Network/virtualNetworks@2024-05-01' = {
  name: name
  location: 'westeurope'
  properties: {
    addressSpace: { addressPrefixes: [ '10.0.0.0/16' ] }
    subnets: [ { name: 'a', properties: { addressPrefix: '10.9.0.0/24' } } ]
  }
}
";

const USES_NET: &str = "module net 'modules/net.bicep' = {
  name: 'net'
  params: { name: 'hub' }
}
";

const REGISTRY_MODULE: &str = "module acr 'br/public:avm/res/container-registry/registry:0.1.0' = {
  name: 'acr'
}
";

/// A scratch directory holding `files`.
fn folder(name: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = scratch(name);
    for (path, text) in files {
        let p = dir.join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    dir
}

fn run_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .env_remove("TERM")
        .output()
        .expect("topolint runs")
}

/// `(file, message)` of each diagnostic with `code`, paths with `/`.
fn findings(v: &Value, code: &str) -> Vec<(String, String)> {
    v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == code)
        .map(|d| {
            (
                d["file"].as_str().unwrap().replace('\\', "/"),
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn files_of(v: &Value) -> Vec<String> {
    v["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f.as_str().unwrap().replace('\\', "/"))
        .collect()
}

const OUTSIDE: &str = "vnet-subnet-outside-space";

/// `main.bicep` using `modules/net.bicep`.
fn parent_and_module(name: &str) -> PathBuf {
    folder(
        name,
        &[("main.bicep", USES_NET), ("modules/net.bicep", NET_MODULE)],
    )
}

#[test]
fn walk_checks_a_module_through_its_parent_only() {
    let dir = parent_and_module("walk_module_once");
    let out = run_in(&dir, &["check", ".", "--format", "json"]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let v = json(&out);
    let found = findings(&v, OUTSIDE);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "./modules/net.bicep");
    assert!(found[0].1.contains("VNet `hub`"), "{}", found[0].1);
    assert_eq!(files_of(&v), ["./main.bicep", "./modules/net.bicep"]);
    assert_eq!(v["summary"]["files"], 2);
    assert_eq!(v["summary"]["errors"], 1);
    assert_eq!(v["incomplete"], serde_json::json!([]));

    let out = run_in(&dir, &["check", "."]);
    let text = stdout(&out);
    assert_eq!(text.matches("error[").count(), 1, "{text}");
    assert!(text.ends_with("1 error in 2 files\n"), "{text}");
}

#[test]
fn a_module_two_parents_use_is_reported_once() {
    let dir = folder(
        "walk_two_parents",
        &[
            ("a.bicep", USES_NET),
            ("b.bicep", USES_NET),
            ("modules/net.bicep", NET_MODULE),
        ],
    );
    let out = run_in(&dir, &["check", ".", "--format", "json"]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let v = json(&out);
    let found = findings(&v, OUTSIDE);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].1.contains("VNet `hub`"), "{}", found[0].1);
    assert_eq!(
        files_of(&v),
        ["./a.bicep", "./modules/net.bicep", "./b.bicep"]
    );
    assert_eq!(v["summary"]["errors"], 1);

    let out = run_in(&dir, &["check", ".", "--format", "sarif"]);
    let results = json(&out)["runs"][0]["results"].as_array().unwrap().len();
    assert_eq!(results, 1);
}

#[test]
fn an_explicit_module_file_is_also_checked_alone() {
    let dir = parent_and_module("walk_explicit_module");
    // Alone, the module's default name applies.
    let out = run_in(&dir, &["check", "modules/net.bicep", "--format", "json"]);
    let found = findings(&json(&out), OUTSIDE);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].1.contains("VNet `net`"), "{}", found[0].1);
    // Named as well as found by the walk, in either order: checked alone and through its
    // parent, the two findings differ and both show; the file is listed once.
    for args in [
        ["check", ".", "modules/net.bicep"],
        ["check", "modules/net.bicep", "."],
    ] {
        let out = run_in(&dir, &[&args[..], &["--format", "json"]].concat());
        assert_eq!(code(&out), 1, "{}", stderr(&out));
        let v = json(&out);
        let mut names: Vec<bool> = findings(&v, OUTSIDE)
            .iter()
            .map(|(_, m)| m.contains("VNet `hub`"))
            .collect();
        names.sort();
        assert_eq!(names, [false, true], "{args:?}: {v}");
        assert_eq!(v["summary"]["files"], 2, "{args:?}");
    }
}

#[test]
fn incomplete_model_is_noted_in_every_format() {
    let dir = folder(
        "walk_incomplete",
        &[
            ("main.bicep", USES_NET),
            ("modules/net.bicep", NET_MODULE),
            ("registry.bicep", REGISTRY_MODULE),
        ],
    );
    let reason = "module `acr` comes from a registry";

    let out = run_in(&dir, &["check", "."]);
    let text = stdout(&out);
    let last = text.lines().last().unwrap();
    assert!(
        last.starts_with("note: ./registry.bicep: incomplete model"),
        "{text}"
    );
    assert!(last.contains(reason), "{text}");
    assert_eq!(
        text.lines().filter(|l| l.starts_with("note: ")).count(),
        1,
        "only the registry file: {text}"
    );
    assert!(!text.contains('\u{1b}'), "piped output is plain: {text:?}");
    let coloured = stdout(&run_in(&dir, &["check", ".", "--color", "always"]));
    let last = coloured.lines().last().unwrap();
    assert!(last.starts_with('\u{1b}'), "{coloured:?}");
    assert!(last.contains("note\u{1b}"), "{coloured:?}");

    let explained = run_in(&dir, &["explain", "registry.bicep"]);
    assert!(
        stderr(&explained)
            .contains("note: registry.bicep: incomplete model, module `acr` comes from a registry"),
        "{}",
        stderr(&explained)
    );

    let v = json(&run_in(&dir, &["check", ".", "--format", "json"]));
    let incomplete = v["incomplete"].as_array().unwrap();
    assert_eq!(incomplete.len(), 1, "{v}");
    assert_eq!(incomplete[0]["file"], "./registry.bicep");
    assert!(incomplete[0]["reason"].as_str().unwrap().contains(reason));

    let v = json(&run_in(&dir, &["check", ".", "--format", "sarif"]));
    let invocation = &v["runs"][0]["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], true);
    let notes = invocation["toolExecutionNotifications"].as_array().unwrap();
    assert_eq!(notes.len(), 1, "{invocation}");
    assert_eq!(notes[0]["level"], "note");
    assert_eq!(notes[0]["descriptor"]["id"], "incomplete-model");
    assert!(notes[0]["message"]["text"]
        .as_str()
        .unwrap()
        .contains(reason));
    assert_eq!(
        notes[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "registry.bicep"
    );
}

fn check_json(args: &[&str]) -> (i32, Value) {
    let mut all = vec!["check", "--format", "json"];
    all.extend_from_slice(args);
    let out = run(&all);
    assert!(stderr(&out).is_empty(), "{}", stderr(&out));
    (code(&out), json(&out))
}

#[test]
fn parameters_files_fix_arm_parameter_values() {
    const PREMIUM: &str = "acr-pe-requires-premium error";
    // Without a value the SKU is unknown: the rule cannot prove anything.
    let (_, v) = check_json(&["arm-params/main.json"]);
    assert!(!codes_of(&v).contains(&PREMIUM.to_string()), "{v}");
    assert_eq!(v["files"], serde_json::json!(["arm-params/main.json"]));

    let (status, v) = check_json(&[
        "arm-params/main.json",
        "--parameters",
        "arm-params/basic.parameters.json",
    ]);
    assert_eq!(status, 1);
    assert!(codes_of(&v).contains(&PREMIUM.to_string()), "{v}");
    assert_eq!(
        v["files"],
        serde_json::json!(["arm-params/main.json", "arm-params/basic.parameters.json"])
    );

    // Several files merge, the later one winning.
    let (_, v) = check_json(&[
        "arm-params/main.json",
        "-p",
        "arm-params/basic.parameters.json",
        "-p",
        "arm-params/premium.parameters.json",
    ]);
    assert!(!codes_of(&v).contains(&PREMIUM.to_string()), "{v}");
}

#[test]
fn a_parameters_file_found_by_the_walk_is_not_checked_twice() {
    let (_, v) = check_json(&["arm-params", "-p", "arm-params/basic.parameters.json"]);
    assert_eq!(
        v["files"],
        serde_json::json!([
            "arm-params/main.json",
            "arm-params/basic.parameters.json",
            "arm-params/premium.parameters.json"
        ])
    );
}

#[test]
fn files_that_use_each_other_are_still_checked() {
    let dir = folder(
        "walk_module_cycle",
        &[
            ("a.bicep", "module b 'b.bicep' = {\n  name: 'b'\n}\n"),
            ("b.bicep", "module a 'a.bicep' = {\n  name: 'a'\n}\n"),
        ],
    );
    let out = run_in(&dir, &["check", ".", "--format", "json"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(files_of(&json(&out)), ["./a.bicep", "./b.bicep"]);
}

#[test]
fn parameters_must_be_an_arm_parameters_file() {
    let out = run(&[
        "check",
        "arm-params/main.json",
        "--parameters",
        "arm-params/main.json",
    ]);
    assert_usage_error(&out, "not an ARM parameters file");
    let out = run(&[
        "check",
        "arm-params/main.json",
        "-p",
        "arm-params/none.json",
    ]);
    assert_usage_error(&out, "arm-params/none.json");
}

#[test]
fn parameters_without_an_arm_template_leave_a_note() {
    let out = run(&[
        "check",
        "clean.topology.json",
        "-p",
        "arm-params/basic.parameters.json",
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("applies to ARM templates"),
        "{}",
        stderr(&out)
    );
}

/// 50 MB of Bicep (a real example, then 275,000 more VNets): a complete report, no crash. Run
/// by `cargo test --release`; the debug binary takes minutes on it.
#[test]
#[cfg_attr(
    debug_assertions,
    ignore = "50 MB through the debug build: run with --release"
)]
fn fifty_megabyte_file_gets_a_report() {
    let dir = scratch("fifty_mb");
    let mut text = std::fs::read_to_string(example("broken.bicep")).unwrap();
    let mut i = 0;
    while text.len() < 50_000_000 {
        text.push_str(&format!(
            "resource v{i} 'Microsoft.Network/virtualNetworks@2025-09-01' = {{\n  name: 'v{i}'\n  location: location\n  properties: {{ addressSpace: {{ addressPrefixes: [ '10.{}.0.0/16' ] }} }}\n}}\n\n",
            i % 250
        ));
        i += 1;
    }
    std::fs::write(dir.join("big.bicep"), &text).unwrap();
    let out = check_in(&dir, "big.bicep");
    let err = stderr(&out);
    assert_eq!(code(&out), 1, "{err}");
    assert!(!err.contains("panicked"), "{err}");
    // The example's own findings are there.
    let codes = codes_of(&json(&out));
    assert!(
        codes.iter().any(|c| c.starts_with("peering-one-sided ")),
        "{codes:?}"
    );
}

/// Random bytes are not UTF-8: the usage error names the file, the offset and what to do. NULs
/// and control characters are UTF-8: they reach the parser and come back as syntax errors.
#[test]
fn binary_junk_is_a_clear_error() {
    let dir = scratch("binary_junk");
    let mut state = 0x9E37_79B9_7F4A_7C15u64;
    let random: Vec<u8> = (0..100_000)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state as u8
        })
        .collect();
    for name in ["junk.bicep", "junk.json"] {
        std::fs::write(dir.join(name), &random).unwrap();
        let out = run(&["check", dir.join(name).to_str().unwrap()]);
        assert_usage_error(&out, name);
        let err = stderr(&out);
        assert!(err.contains("not valid UTF-8"), "{err}");
        assert!(err.contains("save it as UTF-8"), "{err}");
    }
    let mut nuls = vec![0u8; 100_000];
    nuls.extend((0u8..32).cycle().take(10_000));
    for name in ["nuls.bicep", "nuls.json"] {
        std::fs::write(dir.join(name), &nuls).unwrap();
        let out = check_in(&dir, name);
        assert_eq!(code(&out), 1, "{}", stderr(&out));
        assert!(!stderr(&out).contains("panicked"), "{}", stderr(&out));
        let codes = codes_of(&json(&out));
        assert!(
            codes.iter().any(|c| c.starts_with("syntax-error ")),
            "{codes:?}"
        );
    }
}
