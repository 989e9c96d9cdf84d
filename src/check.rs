//! The pipeline: lower every document into one model, analyse pull paths, run the rules,
//! apply settings and suppressions.

use crate::analysis::{self, PullPath};
use crate::config::Settings;
use crate::diagnostic::Diagnostic;
use crate::document::DocumentSet;
use crate::model::Model;
use crate::rules::{self, RuleCtx};

/// Everything one check produces.
#[derive(Debug)]
pub struct CheckResult {
    /// Sorted by file, then position, then code.
    pub diagnostics: Vec<Diagnostic>,
    pub model: Model,
    pub paths: Vec<PullPath>,
}

/// Check a set of documents as one deployment.
pub fn check(docs: &DocumentSet, settings: &Settings) -> CheckResult {
    let (model, diagnostics) = lower(docs);
    analyse(docs, settings, model, diagnostics)
}

/// The first half of [`check`]: parse every document and lower it into one model, with the
/// documents' own diagnostics (syntax, evaluation, schema).
pub fn lower(docs: &DocumentSet) -> (Model, Vec<Diagnostic>) {
    let mut model = Model::default();
    let mut diagnostics = Vec::new();

    crate::topology::lower_all(docs, &mut model, &mut diagnostics);
    let mut resources = Vec::new();
    crate::bicep::lower_all(docs, &mut model, &mut resources, &mut diagnostics);
    resources.extend(crate::arm::resources(docs, &mut model, &mut diagnostics));
    crate::azure::map::lower_resources(&resources, &mut model, &mut diagnostics);
    (model, diagnostics)
}

/// The second half of [`check`]: the pull paths of the model [`lower`] built, the rules, and
/// the settings and suppressions applied to all diagnostics.
pub fn analyse(
    docs: &DocumentSet,
    settings: &Settings,
    model: Model,
    mut diagnostics: Vec<Diagnostic>,
) -> CheckResult {
    let paths = analysis::pull_paths(&model);
    for rule in rules::ALL {
        let meta = rule.meta();
        let level = settings.rules.get(meta.id).copied();
        if level == Some(crate::config::Level::Off) {
            continue;
        }
        let mut ctx = RuleCtx::new(&model, docs, &paths, meta).with_settings(settings);
        rule.check(&mut ctx);
        for mut d in ctx.into_diagnostics() {
            if let Some(sev) = level.and_then(|l| l.severity()) {
                d.severity = sev;
            }
            diagnostics.push(d);
        }
    }

    // Document codes (`syntax-error`, ...) take their configured level too.
    diagnostics.retain_mut(|d| {
        if rules::find(&d.code).is_some() {
            return true;
        }
        match settings.rules.get(&d.code).map(|l| l.severity()) {
            Some(None) => false,
            Some(Some(sev)) => {
                d.severity = sev;
                true
            }
            None => true,
        }
    });
    diagnostics.retain(|d| !suppressed(&model, d));
    diagnostics.sort_by(|a, b| {
        (
            a.location.file,
            a.location.range.start,
            a.location.range.end,
            &a.code,
        )
            .cmp(&(
                b.location.file,
                b.location.range.start,
                b.location.range.end,
                &b.code,
            ))
    });
    diagnostics.dedup();
    CheckResult {
        diagnostics,
        model,
        paths,
    }
}

fn suppressed(model: &Model, d: &Diagnostic) -> bool {
    model.suppressions.iter().any(|s| {
        s.scope.file == d.location.file
            && s.scope.range.start <= d.location.range.start
            && d.location.range.start <= s.scope.range.end
            && (s.rules.is_empty() || s.rules.iter().any(|r| r == &d.code))
    })
}
