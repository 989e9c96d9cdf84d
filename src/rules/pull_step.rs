//! What the pull-path rules share: each reports the steps of [`crate::analysis::pull_paths`]
//! that name it, so the finding reported is the one the path explains.

use crate::analysis::{PullPath, Step, StepKind, Verdict};
use crate::diagnostic::{Diagnostic, Fix, Severity};
use crate::rules::{params_note, RuleCtx};

/// Report every step of kind `kind` that names rule `id`, at the step's place (the path's
/// pull when it has none), with the step's reason as message and its locations as related
/// places. `severity` decides per case (`None`: not reported); `help` says what to do.
pub fn report_steps(
    ctx: &mut RuleCtx,
    id: &str,
    kind: StepKind,
    severity: impl Fn(&PullPath, &Step) -> Option<Severity>,
    help: impl Fn(&PullPath, &Step) -> String,
) {
    report_steps_fixed(ctx, id, kind, severity, help, |_, _, _| None);
}

/// [`report_steps`] with a quick fix per step (`None`: no fix for that case).
pub fn report_steps_fixed(
    ctx: &mut RuleCtx,
    id: &str,
    kind: StepKind,
    severity: impl Fn(&PullPath, &Step) -> Option<Severity>,
    help: impl Fn(&PullPath, &Step) -> String,
    fix: impl Fn(&RuleCtx, &PullPath, &Step) -> Option<Fix>,
) {
    let paths = ctx.paths;
    for path in paths {
        for step in &path.steps {
            if step.kind != kind || step.rule != Some(id) {
                continue;
            }
            let Some(sev) = severity(path, step) else {
                continue;
            };
            let fixed = fix(ctx, path, step);
            let d = report_step(ctx, sev, path, step, step.reason.clone(), help(path, step));
            d.fix = fixed;
        }
    }
}

/// Report one step: at the step's place (the path's pull when it has none), with `message`,
/// the pull and the step's locations as related places, and `help` (plus the note on the
/// parameter defaults the step rests on). Returns the diagnostic to add a fix to.
pub fn report_step<'c>(
    ctx: &'c mut RuleCtx,
    sev: Severity,
    path: &PullPath,
    step: &Step,
    message: String,
    help: String,
) -> &'c mut Diagnostic {
    let at = step.at.unwrap_or(path.pull_loc);
    let mut text = help;
    if let Some(note) = params_note(step.params.iter().map(String::as_str).collect()) {
        text = format!("{text} ({note})");
    }
    let d = ctx.report_as(sev, at, message);
    if at != path.pull_loc {
        d.with_related_mut(path.pull_loc, "the pull");
    }
    for r in &step.locations {
        if r.location != at {
            d.related.push(r.clone());
        }
    }
    d.help = Some(text);
    d
}

/// Broken is the rule's finding; unknown is never reported by this helper.
pub fn when_broken(sev: Severity) -> impl Fn(&PullPath, &Step) -> Option<Severity> {
    move |_, s| (s.verdict == Verdict::Broken).then_some(sev)
}

/// The registry's name, for help texts.
pub fn registry_name(ctx_model: &crate::model::Model, path: &PullPath) -> String {
    ctx_model
        .registries
        .get(path.registry.index())
        .map_or_else(|| "?".into(), |r| r.name.label())
}

/// DNS rules: error when the registry refuses public traffic, else warning (the name resolves
/// publicly and the pull works, but not through the endpoint).
pub fn dns_severity(path: &PullPath, step: &Step) -> Option<Severity> {
    if step.verdict != Verdict::Broken {
        return None;
    }
    Some(match path.restricted {
        Some(true) => Severity::Error,
        _ => Severity::Warning,
    })
}
