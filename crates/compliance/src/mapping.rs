//! What a check declares about compliance, and how it expands into each framework's controls.

use std::fmt;

use crate::{framework, frameworks, Control, Framework, Topic};

/// The compliance declaration of one check: the topics it gives evidence on, plus controls no
/// topic implies (`cis-aws:2.1.4`), written `framework:control`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mapping {
    pub topics: &'static [Topic],
    pub controls: &'static [&'static str],
}

impl Mapping {
    /// A mapping with no topic and no control: what no check may ship with.
    pub const NONE: Mapping = Mapping {
        topics: &[],
        controls: &[],
    };

    /// The controls of `framework` this mapping concerns, in the framework's document order,
    /// each once. References the framework does not define are left out (see [`Self::problems`]).
    pub fn controls_in<'f>(&self, framework: &'f Framework) -> Vec<&'f Control> {
        let direct = self.controls.iter().filter_map(|reference| {
            let r = ControlRef::parse(reference)?;
            (r.framework == framework.id).then_some(r.control)
        });
        let from_topics = self
            .topics
            .iter()
            .flat_map(|topic| framework.topic_controls(*topic))
            .map(String::as_str);
        let mut wanted: Vec<&str> = direct.chain(from_topics).collect();
        wanted.sort_unstable();
        wanted.dedup();
        framework
            .controls
            .iter()
            .filter(|c| wanted.binary_search(&c.id.as_str()).is_ok())
            .collect()
    }

    /// Every control reference across all frameworks (`iso27001:A.8.24`), frameworks in listing
    /// order, controls in document order: what JSON and SARIF outputs carry.
    pub fn references(&self) -> Vec<String> {
        frameworks()
            .iter()
            .flat_map(|f| {
                self.controls_in(f)
                    .into_iter()
                    .map(move |c| format!("{}:{}", f.id, c.id))
            })
            .collect()
    }

    /// What is wrong with the declaration: a malformed reference, an unknown framework or
    /// control, or no ISO/IEC 27001 control at all. Empty when it is valid.
    pub fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        for reference in self.controls {
            match ControlRef::parse(reference) {
                None => problems.push(format!(
                    "`{reference}` is not a `framework:control` reference"
                )),
                Some(r) => match framework(r.framework) {
                    None => problems.push(format!("`{reference}`: no framework `{}`", r.framework)),
                    Some(f) if f.control(r.control).is_none() => problems.push(format!(
                        "`{reference}`: {} defines no control `{}`",
                        f.name, r.control
                    )),
                    Some(_) => {}
                },
            }
        }
        let iso = framework(crate::ISO27001).expect("ISO/IEC 27001 is embedded");
        if self.controls_in(iso).is_empty() {
            problems.push("no ISO/IEC 27001:2022 control".to_string());
        }
        problems
    }
}

/// A parsed `framework:control` reference.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ControlRef<'a> {
    pub framework: &'a str,
    pub control: &'a str,
}

impl<'a> ControlRef<'a> {
    /// Splits `cis-aws:2.1.4` at its first colon; `None` when either side is empty.
    pub fn parse(reference: &'a str) -> Option<Self> {
        let (framework, control) = reference.split_once(':')?;
        (!framework.is_empty() && !control.is_empty()).then_some(ControlRef { framework, control })
    }
}

impl fmt::Display for ControlRef<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.framework, self.control)
    }
}
