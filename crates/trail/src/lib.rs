//! CloudTrail for `driftguard trail`: who changed what, through which channel.
//!
//! The pipeline: [`read`] (or [`scan`]) takes [`Source`]s — CloudTrail's S3 layout on disk, plain
//! directories and files (`{"Records":[…]}`, JSON arrays, NDJSON, gzipped or not), or a stream —
//! and yields [`Event`]s: a compact [`Record`] plus its [`Classification`] (write or not, channel,
//! IaC tool, [`Verdict`] against the optional [`PipelinePrincipals`] allow-list). [`join`] maps
//! events to Terraform resources; [`findings()`] turns out-of-band and unsanctioned-IaC writes
//! into grouped [`TrailFinding`]s, [`render`] prints them, and [`explain`] lists the writes behind
//! a drifted resource.
//!
//! ```no_run
//! use driftguard_trail::{read, ReadOptions, Source, Verdict};
//!
//! let trail = read(vec![Source::path("logs/AWSLogs")], &ReadOptions::default());
//! for e in trail.events.iter().filter(|e| e.class.verdict == Verdict::OutOfBand) {
//!     println!("{} {} by {:?}", e.record.event_time, e.record.event_name, e.record.actor().key());
//! }
//! for problem in &trail.problems {
//!     eprintln!("{problem}");
//! }
//! ```

pub mod activity;
pub mod agents;
pub mod classify;
mod error;
pub mod filter;
pub mod findings;
mod ingest;
pub mod join;
pub mod principals;
mod record;
pub mod render;

pub use activity::{Activity, NoiseRule, NOISE, READ_PREFIXES};
pub use agents::{AgentRule, AGENT_RULES};
pub use classify::{
    Actor, Channel, Classification, Classifier, Evidence, Principal, Tool, Verdict,
};
pub use error::ReadError;
pub use filter::Filter;
pub use findings::{
    explain, findings, EventSummary, FindingOptions, NoState, StateLookup, TrailFinding,
    TrailIndex, OUT_OF_BAND_RULE, UNSANCTIONED_IAC_RULE,
};
pub use ingest::{read, scan, Event, ReadOptions, Retain, ScanReport, Source, Stats, Trail};
/// The timestamp type of [`Record::event_time`] and [`Filter`], re-exported so callers need not
/// depend on jiff themselves.
pub use jiff::{SignedDuration, Timestamp};
pub use principals::{PatternError, PipelinePrincipals};
pub use record::{Record, UserIdentity};
pub use render::TRAIL_SCHEMA_VERSION;
