//! The rule registry, the built-in rules and what decides whether their findings count.
//!
//! Each rule lives in its own file under [`aws`] with its metadata ([`RuleMeta`]) and its check.
//! Checks do not read raw attributes where a *semantic view* exists ([`view`]): a bucket's
//! effective encryption is the same question whether it is set inline, in a separate resource,
//! in CloudFormation or read from the live API.

pub mod aws;
pub mod baseline;
mod context;
pub mod meta;
pub mod reference;
mod registry;
mod rule;
pub mod secrets;
pub mod suppression;
pub mod terraform;
pub mod view;

pub use baseline::Baseline;
pub use context::Context;
pub use driftguard_compliance::{Mapping, Topic};
pub use registry::{all_rules, find_rule, Registry, RuleSelector};
pub use rule::{fingerprint, Checked, Reporter, Rule, RuleMeta, TrivyId};
pub use suppression::{today_utc, Suppressor};
