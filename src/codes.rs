//! Diagnostic codes that are not rules: problems with the document itself. Each has a page in
//! `docs/rules/` like a rule.

/// (code, summary, documentation)
pub const CODES: &[(&str, &str, &str)] = &[
    (
        "syntax-error",
        "The document is not well-formed",
        "## What it means\nThe parser could not read part of the document: a missing comma, an unclosed bracket or string, a property name without quotes. \
topolint recovers and keeps checking the rest, but findings near the error may be missing.\n\n## Fix\nCorrect the syntax at the marked place; the message says what was expected.\n",
    ),
    (
        "schema-violation",
        "A topology document does not follow the topology JSON schema",
        "## What it means\nA property is unknown (often a typo; the message suggests the closest name), a required property is missing, or a value has the wrong type or is not one of the allowed values. \
The schema is `schema/topology.schema.json`; point your editor at it for completion.\n\n## Fix\nFollow the message; see the schema's descriptions.\n",
    ),
    (
        "unresolved-reference",
        "A name refers to nothing in the documents",
        "## What it means\nA reference (a VNet, `vnet/subnet`, registry, DNS zone, identity or workload name) does not match any declared resource. The message lists the names that exist.\n\n## Fix\nCorrect the name, or declare the resource.\n",
    ),
    (
        "duplicate-name",
        "Two resources of one kind share a name",
        "## What it means\nNames must be unique per kind (and subnet names per VNet) so that references are not ambiguous. The later one is reported; references go to the first.\n\n## Fix\nRename one of them.\n",
    ),
    (
        "invalid-prefix",
        "An address prefix is not a valid CIDR network",
        "## What it means\nThe value is not a CIDR prefix such as `10.0.0.0/16`, or it has host bits set (`10.0.0.1/16`), which Azure rejects.\n\n## Fix\nWrite the network address with its prefix length.\n",
    ),
    (
        "arm-expression",
        "An ARM template expression cannot be read or evaluated",
        "## What it means\nA string in `[...]` is a template expression. This one has a syntax error (an unclosed `(` or `'`, a missing comma, a bare word that is not a function call), \
or it names a parameter or variable the template does not declare, calls a function with the wrong number of arguments, or uses `copyIndex()` outside its loop. \
The range points inside the string. ARM rejects the template; topolint treats the value as unknown and keeps checking.\n\n\
A string that should start with a literal `[` is written `[[`.\n\n## Fix\nCorrect the expression as the message says.\n",
    ),
    (
        "arm-template",
        "An ARM template's structure is not what ARM expects",
        "## What it means\nA resource lacks `type` or `name`, its name has a different number of `/`-separated segments than its type needs \
(`Microsoft.Network/virtualNetworks/subnets` needs `vnet/subnet`), `resources` or `copy` has the wrong shape, \
or `metadata.topolint.disable` is not a list of rule ids. topolint skips what it cannot read.\n\n## Fix\nFollow the message; see the ARM template reference for the resource type.\n",
    ),
];
