//! Resource and module addresses as plans write them: `module.net["a"].aws_security_group.web[0]`.
//!
//! Instance keys are kept as written (`[0]`, `["a"]`): addresses are compared as strings, and
//! a key may hold dots and brackets inside its quotes.

/// One step of an address or reference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Step {
    /// `module`, `net`, `aws_s3_bucket`, `id`, …
    Name(String),
    /// An instance key with its brackets: `[0]`, `["a.b"]`.
    Key(String),
}

/// Splits an address or a reference into steps; `None` when it is not well formed.
pub(super) fn parse(address: &str) -> Option<Vec<Step>> {
    let bytes = address.as_bytes();
    let mut steps = Vec::new();
    // Whether the previous character was a `.`: a name must follow it.
    let mut after_dot = false;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'[' if !after_dot && !steps.is_empty() => {
                let end = key_end(address, i)?;
                steps.push(Step::Key(address[i..end].to_owned()));
                i = end;
            }
            b'.' if !after_dot && !steps.is_empty() => {
                after_dot = true;
                i += 1;
            }
            b'[' | b'.' | b']' => return None,
            _ if !after_dot && !steps.is_empty() => return None,
            _ => {
                let end = address[i..]
                    .find(['.', '[', ']'])
                    .map_or(address.len(), |n| i + n);
                steps.push(Step::Name(address[i..end].to_owned()));
                after_dot = false;
                i = end;
            }
        }
    }
    (!after_dot && !steps.is_empty()).then_some(steps)
}

/// The offset just past the `]` closing the key that opens at `start`.
fn key_end(text: &str, start: usize) -> Option<usize> {
    let mut in_string = false;
    let mut escaped = false;
    for (i, c) in text[start + 1..].char_indices() {
        match (in_string, escaped, c) {
            (true, true, _) => escaped = false,
            (true, false, '\\') => escaped = true,
            (true, false, '"') => in_string = false,
            (false, _, '"') => in_string = true,
            (false, _, ']') => return Some(start + 1 + i + 1),
            _ => {}
        }
    }
    None
}

/// The address without instance keys: `module.net[0].aws_sg.web["a"]` → `module.net.aws_sg.web`,
/// the configuration address that every instance of a block shares.
pub(super) fn without_keys(address: &str) -> String {
    match parse(address) {
        Some(steps) => steps
            .iter()
            .filter_map(|step| match step {
                Step::Name(name) => Some(name.as_str()),
                Step::Key(_) => None,
            })
            .collect::<Vec<_>>()
            .join("."),
        None => address.to_owned(),
    }
}

/// One module call on a module instance path: `module.net[0]` is `net` with key `[0]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Call {
    pub name: String,
    pub key: Option<String>,
}

/// The calls of a module instance address (`""` for the root module).
pub(super) fn module_calls(module: &str) -> Vec<Call> {
    let mut calls = Vec::new();
    let Some(steps) = parse(module) else {
        return calls;
    };
    let mut steps = steps.into_iter().peekable();
    while let Some(step) = steps.next() {
        if step != Step::Name("module".into()) {
            break;
        }
        let Some(Step::Name(name)) = steps.next() else {
            break;
        };
        let key = match steps.peek() {
            Some(Step::Key(key)) => {
                let key = key.clone();
                steps.next();
                Some(key)
            }
            _ => None,
        };
        calls.push(Call { name, key });
    }
    calls
}

/// `module.a[0].module.b`: the address of a module instance path.
pub(super) fn module_address(calls: &[Call]) -> String {
    let mut out = String::new();
    for call in calls {
        if !out.is_empty() {
            out.push('.');
        }
        out.push_str("module.");
        out.push_str(&call.name);
        if let Some(key) = &call.key {
            out.push_str(key);
        }
    }
    out
}

/// `local` in the module instance `module`: `module.net[0].aws_sg.web`.
pub(super) fn in_module(module: &str, local: &str) -> String {
    if module.is_empty() {
        local.to_owned()
    } else {
        format!("{module}.{local}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_keep_their_brackets_and_may_hold_dots() {
        let steps = parse(r#"module.net["a.b]"].aws_sg.web[0].id"#).unwrap();
        assert_eq!(
            steps,
            [
                Step::Name("module".into()),
                Step::Name("net".into()),
                Step::Key(r#"["a.b]"]"#.into()),
                Step::Name("aws_sg".into()),
                Step::Name("web".into()),
                Step::Key("[0]".into()),
                Step::Name("id".into()),
            ]
        );
        assert_eq!(
            without_keys(r#"module.net["a.b]"].aws_sg.web[0]"#),
            "module.net.aws_sg.web"
        );
        assert_eq!(parse("a..b"), None);
        assert_eq!(parse("a[0"), None);
        assert_eq!(parse("a[0]b"), None);
        assert_eq!(parse("a."), None);
    }

    #[test]
    fn module_paths_split_into_calls() {
        let calls = module_calls(r#"module.a[0].module.b["x"]"#);
        assert_eq!(calls.len(), 2);
        assert_eq!(calls[1].key.as_deref(), Some(r#"["x"]"#));
        assert_eq!(module_address(&calls), r#"module.a[0].module.b["x"]"#);
        assert!(module_calls("").is_empty());
    }
}
