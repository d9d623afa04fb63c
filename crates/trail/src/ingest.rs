//! Reading CloudTrail: sources, format detection, streaming parse, filtering, deduplication and
//! ordering.
//!
//! Memory: records are deserialized one at a time (a serde visitor over the `Records` array or the
//! top-level array, a line reader for NDJSON), filtered and classified as they come, and only the
//! retained events are kept — with [`Retain::Writes`], successful writes, a few percent of a real
//! trail. A file's records are never held together: a JSON document is parsed from memory when
//! its decompressed text fits in [`ReadOptions::in_memory_limit`] (64 MiB by default, far above
//! CloudTrail's file sizes; from a reader, parsing takes over twice the CPU time) and
//! streamed from the reader otherwise, so each worker holds at most that much text. Deduplication
//! and ordering need the retained set anyway (events arrive unordered across files), so they run
//! over it afterwards, with a set of 16-byte event-id keys. Memory therefore grows with the number
//! of retained writes, not with the input; [`Retain::All`] is for small inputs and tests, and
//! [`scan`] hands every event to a callback with nothing kept at all.
//!
//! Files are read in parallel; results are merged in path order, so output is deterministic.

use std::collections::HashSet;
use std::fmt;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Cursor, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use sha2::{Digest, Sha256};

use crate::classify::{Classification, Classifier};
use crate::error::ReadError;
use crate::filter::{Filter, PathInfo};
use crate::record::{Element, Invalid, RawRecord, Record};
use crate::Activity;

/// Where CloudTrail records come from. (`s3://` sources come with the CLI's AWS access.)
#[non_exhaustive]
pub enum Source {
    /// A file (`.json`, `.json.gz`, NDJSON, whatever the extension) or a directory tree: CloudTrail's
    /// S3 layout or any directory of log files.
    Path(PathBuf),
    /// An already-open stream, e.g. standard input; `name` is used in messages.
    Reader {
        name: String,
        reader: Box<dyn Read + Send>,
    },
}

impl Source {
    pub fn path(path: impl Into<PathBuf>) -> Self {
        Source::Path(path.into())
    }

    pub fn reader(name: impl Into<String>, reader: impl Read + Send + 'static) -> Self {
        Source::Reader {
            name: name.into(),
            reader: Box::new(reader),
        }
    }

    pub fn stdin() -> Self {
        Source::reader("<stdin>", io::stdin())
    }

    /// A command-line argument: `-` is standard input, anything else a path.
    pub fn from_arg(arg: &str) -> Self {
        if arg == "-" {
            Source::stdin()
        } else {
            Source::path(arg)
        }
    }
}

impl fmt::Debug for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Path(p) => f.debug_tuple("Path").field(p).finish(),
            Source::Reader { name, .. } => f.debug_struct("Reader").field("name", name).finish(),
        }
    }
}

/// Which events to keep in memory.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Retain {
    /// Successful writes (what attribution and out-of-band detection need).
    #[default]
    Writes,
    /// Every event that passes the filter.
    All,
    /// Only the writes findings are made of (verdict out-of-band or unsanctioned IaC): in an
    /// account deployed by IaC a small fraction of the writes, so memory stays nearly flat
    /// however large the input.
    Findings,
}

impl Retain {
    fn keeps(self, class: &Classification) -> bool {
        match self {
            Retain::Writes => class.activity == Activity::Write,
            Retain::All => true,
            Retain::Findings => matches!(
                class.verdict,
                crate::Verdict::OutOfBand | crate::Verdict::UnsanctionedIac
            ),
        }
    }
}

/// How to read.
#[derive(Debug, Clone)]
pub struct ReadOptions {
    pub filter: Filter,
    pub retain: Retain,
    pub classifier: Classifier,
    /// Largest decompressed JSON document parsed from memory rather than streamed from the
    /// reader; bounds the text each worker holds. NDJSON is always read line by line.
    pub in_memory_limit: usize,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            filter: Filter::default(),
            retain: Retain::default(),
            classifier: Classifier::default(),
            in_memory_limit: 64 << 20,
        }
    }
}

/// A classified event.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    pub record: Record,
    pub class: Classification,
    /// The file (or reader) it was read from.
    pub origin: Arc<str>,
}

/// Counters over one read. Activity counts are over records that passed the filter, before
/// deduplication.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Stats {
    /// Files and readers opened.
    pub files: u64,
    /// Files and directories skipped by their path (delivery date, account, region).
    pub skipped_paths: u64,
    /// Files with a problem that lost part of their content.
    pub failed_files: u64,
    /// Records parsed.
    pub records: u64,
    /// Records without eventTime, eventSource or eventName, or not objects.
    pub invalid: u64,
    /// Records outside the time range, accounts or regions.
    pub filtered: u64,
    pub writes: u64,
    pub reads: u64,
    pub failed_calls: u64,
    pub noise: u64,
    pub not_api_calls: u64,
    /// Retained events dropped because an earlier one had the same eventID.
    pub duplicates: u64,
}

impl Stats {
    fn add(&mut self, o: &Stats) {
        self.files += o.files;
        self.skipped_paths += o.skipped_paths;
        self.failed_files += o.failed_files;
        self.records += o.records;
        self.invalid += o.invalid;
        self.filtered += o.filtered;
        self.writes += o.writes;
        self.reads += o.reads;
        self.failed_calls += o.failed_calls;
        self.noise += o.noise;
        self.not_api_calls += o.not_api_calls;
        self.duplicates += o.duplicates;
    }

    fn count(&mut self, activity: Activity) {
        match activity {
            Activity::Write => self.writes += 1,
            Activity::Read => self.reads += 1,
            Activity::Failed => self.failed_calls += 1,
            Activity::Noise => self.noise += 1,
            Activity::NotApiCall => self.not_api_calls += 1,
        }
    }
}

/// The result of [`read`]: retained events, deduplicated and ordered by time.
#[derive(Debug, Clone, Default)]
pub struct Trail {
    pub events: Vec<Event>,
    pub stats: Stats,
    /// In input order.
    pub problems: Vec<ReadError>,
}

/// The result of [`scan`].
#[derive(Debug, Clone, Default)]
pub struct ScanReport {
    pub stats: Stats,
    pub problems: Vec<ReadError>,
}

/// Reads all sources: the retained events deduplicated on eventID (the first read wins) and
/// ordered by eventTime (ties keep input order).
pub fn read(sources: Vec<Source>, options: &ReadOptions) -> Trail {
    let (units, mut stats, mut problems) = discover(sources, &options.filter);
    let results: Vec<UnitResult> = units
        .into_par_iter()
        .map(|unit| {
            let mut events = Vec::new();
            let (stats, problems) = read_unit(unit, options, &mut |e| events.push(e));
            UnitResult {
                events,
                stats,
                problems,
            }
        })
        .collect();

    let retained: usize = results.iter().map(|r| r.events.len()).sum();
    let mut seen: HashSet<[u8; 16]> = HashSet::with_capacity(retained);
    let mut events = Vec::with_capacity(retained);
    for r in results {
        stats.add(&r.stats);
        problems.extend(r.problems);
        for e in r.events {
            if let Some(id) = &e.record.event_id {
                if !seen.insert(dedup_key(id)) {
                    stats.duplicates += 1;
                    continue;
                }
            }
            events.push(e);
        }
    }
    events.sort_by_key(|e| e.record.event_time);
    Trail {
        events,
        stats,
        problems,
    }
}

/// Streams every retained event to `sink` as it is read, from several threads, keeping nothing:
/// no deduplication and no ordering. For volumes where even the writes are too many to hold, and
/// for measuring throughput.
pub fn scan<F>(sources: Vec<Source>, options: &ReadOptions, sink: F) -> ScanReport
where
    F: Fn(Event) + Sync,
{
    let (units, mut stats, mut problems) = discover(sources, &options.filter);
    let results: Vec<(Stats, Vec<ReadError>)> = units
        .into_par_iter()
        .map(|unit| read_unit(unit, options, &mut |e| sink(e)))
        .collect();
    for (s, p) in results {
        stats.add(&s);
        problems.extend(p);
    }
    ScanReport { stats, problems }
}

/// eventIDs are UUIDs: their 16 bytes. Anything else: the first 16 bytes of its SHA-256, with
/// the UUID variant bits set to a value RFC 9562 reserves (`0b111`), which no generated eventID
/// carries, so the two kinds of key cannot collide.
fn dedup_key(id: &str) -> [u8; 16] {
    uuid_bytes(id).unwrap_or_else(|| {
        let digest = Sha256::digest(id.as_bytes());
        let mut out = [0u8; 16];
        out.copy_from_slice(&digest[..16]);
        out[8] |= 0xE0;
        out
    })
}

fn uuid_bytes(id: &str) -> Option<[u8; 16]> {
    let b = id.as_bytes();
    if b.len() != 36 || [8, 13, 18, 23].iter().any(|&i| b[i] != b'-') {
        return None;
    }
    let mut hex = b.iter().filter(|&&c| c != b'-').map(|&c| match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    });
    let mut out = [0u8; 16];
    for byte in &mut out {
        *byte = hex.next()?? << 4 | hex.next()??;
    }
    Some(out)
}

struct UnitResult {
    events: Vec<Event>,
    stats: Stats,
    problems: Vec<ReadError>,
}

enum Unit {
    File(PathBuf),
    Reader {
        name: String,
        reader: Box<dyn Read + Send>,
    },
}

/// Directory nesting deeper than this is not CloudTrail's layout (at most nine levels below the
/// bucket: AWSLogs, organisation, account, CloudTrail, region, year, month, day, plus a prefix).
const MAX_DEPTH: usize = 32;

/// Expands paths into files, sorted within each directory; skips what the filter excludes by path.
fn discover(sources: Vec<Source>, filter: &Filter) -> (Vec<Unit>, Stats, Vec<ReadError>) {
    let mut units = Vec::new();
    let mut stats = Stats::default();
    let mut problems = Vec::new();
    for source in sources {
        match source {
            Source::Reader { name, reader } => units.push(Unit::Reader { name, reader }),
            Source::Path(path) => match std::fs::metadata(&path) {
                Ok(meta) if meta.is_dir() => {
                    walk(&path, 0, filter, &mut units, &mut stats, &mut problems)
                }
                // A file named explicitly is read whatever its extension.
                Ok(_) => {
                    if filter.skips_path(&PathInfo::of(&path, true)) {
                        stats.skipped_paths += 1;
                    } else {
                        units.push(Unit::File(path));
                    }
                }
                Err(e) => problems.push(ReadError::Open {
                    path: path.display().to_string(),
                    message: e.to_string(),
                }),
            },
        }
    }
    (units, stats, problems)
}

fn walk(
    dir: &Path,
    depth: usize,
    filter: &Filter,
    units: &mut Vec<Unit>,
    stats: &mut Stats,
    problems: &mut Vec<ReadError>,
) {
    let entries = match std::fs::read_dir(dir) {
        Ok(rd) => rd,
        Err(e) => {
            problems.push(ReadError::Open {
                path: dir.display().to_string(),
                message: e.to_string(),
            });
            return;
        }
    };
    let mut paths: Vec<(PathBuf, bool)> = Vec::new();
    for entry in entries {
        let listed = entry.and_then(|e| Ok((e.path(), e.file_type()?.is_symlink())));
        match listed {
            Ok(p) => paths.push(p),
            Err(e) => problems.push(ReadError::Open {
                path: dir.display().to_string(),
                message: e.to_string(),
            }),
        }
    }
    paths.sort();
    for (path, symlink) in paths {
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        // Hidden files, and digest files: signed hashes of the log files, not records.
        if name.starts_with('.')
            || name == "CloudTrail-Digest"
            || name.contains("_CloudTrail-Digest_")
        {
            continue;
        }
        let is_dir = match std::fs::metadata(&path) {
            Ok(m) => m.is_dir(),
            Err(e) => {
                problems.push(ReadError::Open {
                    path: path.display().to_string(),
                    message: e.to_string(),
                });
                continue;
            }
        };
        if is_dir {
            // Links to directories are not followed inside a tree: they can loop, and a copy of
            // a bucket has none.
            if symlink {
                continue;
            }
            if depth + 1 >= MAX_DEPTH {
                problems.push(ReadError::Open {
                    path: path.display().to_string(),
                    message: format!("directories nested deeper than {MAX_DEPTH} levels"),
                });
                continue;
            }
            if filter.skips_path(&PathInfo::of(&path, false)) {
                stats.skipped_paths += 1;
                continue;
            }
            walk(&path, depth + 1, filter, units, stats, problems);
        } else if is_log_file(name) {
            if filter.skips_path(&PathInfo::of(&path, true)) {
                stats.skipped_paths += 1;
            } else {
                units.push(Unit::File(path));
            }
        }
    }
}

/// Files a directory walk reads: JSON, JSON lines, optionally gzipped. Licences, READMEs and
/// other neighbours are left alone.
fn is_log_file(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    let base = lower.strip_suffix(".gz").unwrap_or(&lower);
    [".json", ".jsonl", ".ndjson"]
        .iter()
        .any(|ext| base.ends_with(ext))
}

/// Longest NDJSON line accepted, and the most buffered to sniff a format.
const MAX_LINE: usize = 64 << 20;
const SNIFF_LIMIT: usize = 64 << 10;
const BUFFER: usize = 64 << 10;

/// Reads one file or stream; never panics on content.
fn read_unit(
    unit: Unit,
    options: &ReadOptions,
    emit: &mut dyn FnMut(Event),
) -> (Stats, Vec<ReadError>) {
    let (name, reader): (String, Box<dyn Read + Send>) = match unit {
        Unit::File(path) => {
            let name = path.display().to_string();
            match File::open(&path) {
                Ok(f) => (name, Box::new(f)),
                Err(e) => {
                    let stats = Stats {
                        failed_files: 1,
                        ..Stats::default()
                    };
                    return (
                        stats,
                        vec![ReadError::Open {
                            path: name,
                            message: e.to_string(),
                        }],
                    );
                }
            }
        }
        Unit::Reader { name, reader } => (name, reader),
    };
    let mut ctx = Ctx {
        origin: Arc::from(name.as_str()),
        options,
        emit,
        stats: Stats {
            files: 1,
            ..Stats::default()
        },
        invalid: None,
    };
    let mut problems = Vec::new();
    let outcome = parse(reader, &mut ctx, &mut problems);
    if let Err(problem) = outcome {
        problems.push(problem);
    }
    if let Some((first_record, reason, count)) = ctx.invalid {
        problems.push(ReadError::InvalidRecords {
            path: name.clone(),
            count,
            first_record,
            reason: reason.to_string(),
        });
    }
    if problems.iter().any(|p| !p.is_partial()) {
        ctx.stats.failed_files = 1;
    }
    (ctx.stats, problems)
}

/// Per-unit state: where records go and what was seen.
struct Ctx<'a> {
    origin: Arc<str>,
    options: &'a ReadOptions,
    emit: &'a mut dyn FnMut(Event),
    stats: Stats,
    /// First invalid record (1-based index), why, and how many.
    invalid: Option<(u64, Invalid, u64)>,
}

impl Ctx<'_> {
    fn path(&self) -> String {
        self.origin.to_string()
    }

    fn element(&mut self, element: Element) {
        match element.0 {
            Some(raw) => self.accept(raw),
            None => {
                self.stats.records += 1;
                self.note_invalid(Invalid::NotAnObject);
            }
        }
    }

    fn accept(&mut self, mut raw: RawRecord) {
        // Envelopes: a `{"Records":[…]}` object per line, or EventBridge's `detail`.
        if let Some(records) = raw.records.take() {
            for r in records {
                self.accept(r);
            }
            if !raw.has_record_fields() && raw.detail.is_none() {
                return;
            }
        }
        if let Some(detail) = raw.detail.take() {
            if !raw.has_record_fields() {
                return self.accept(*detail);
            }
        }
        self.stats.records += 1;
        let (mut record, payload) = match raw.into_record() {
            Ok(r) => r,
            Err(why) => return self.note_invalid(why),
        };
        if !self.options.filter.accepts(&record) {
            self.stats.filtered += 1;
            return;
        }
        let class = self.options.classifier.classify(&record);
        self.stats.count(class.activity);
        if !self.options.retain.keeps(&class) {
            return;
        }
        payload.attach(&mut record);
        (self.emit)(Event {
            record,
            class,
            origin: self.origin.clone(),
        });
    }

    fn note_invalid(&mut self, why: Invalid) {
        self.stats.invalid += 1;
        let index = self.stats.records;
        match &mut self.invalid {
            Some((_, _, count)) => *count += 1,
            None => self.invalid = Some((index, why, 1)),
        }
    }
}

/// The format, decided from the first bytes of the (decompressed) content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    /// `{"Records":[…]}`: CloudTrail's own files.
    Records,
    /// `[…]`: a JSON array of records (Stratus Red Team's detonation logs, API dumps).
    Array,
    /// One JSON value per line (EventBridge, SIEM exports); values spanning lines are handled too.
    Lines,
    /// Nothing but whitespace.
    Empty,
}

/// Reads up to `want` bytes into `buf` (fewer at end of input).
fn fill(r: &mut dyn Read, buf: &mut Vec<u8>, want: usize) -> io::Result<()> {
    let mut chunk = [0u8; 4096];
    while buf.len() < want {
        let n = match r.read(&mut chunk[..(want - buf.len()).min(4096)]) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        buf.extend_from_slice(&chunk[..n]);
    }
    Ok(())
}

/// Decides the format from a prefix; `None` means more bytes are needed.
fn decide(prefix: &[u8], eof: bool) -> Option<Result<Format, u8>> {
    let p = prefix.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(prefix);
    let Some(start) = p.iter().position(|b| !b.is_ascii_whitespace()) else {
        return eof.then_some(Ok(Format::Empty));
    };
    match p[start] {
        b'[' => Some(Ok(Format::Array)),
        b'{' => {
            let rest = &p[start + 1..];
            let Some(k) = rest.iter().position(|b| !b.is_ascii_whitespace()) else {
                return eof.then_some(Ok(Format::Lines));
            };
            let key = &rest[k..];
            const RECORDS: &[u8] = b"\"Records\"";
            if key.starts_with(RECORDS) {
                Some(Ok(Format::Records))
            } else if key.len() < RECORDS.len() && RECORDS.starts_with(key) && !eof {
                None
            } else {
                Some(Ok(Format::Lines))
            }
        }
        other => Some(Err(other)),
    }
}

/// Gzip (detected by magic number, not by name) → format → streaming parse.
fn parse(
    mut reader: Box<dyn Read + Send>,
    ctx: &mut Ctx<'_>,
    problems: &mut Vec<ReadError>,
) -> Result<(), ReadError> {
    let io_err = |ctx: &Ctx<'_>, e: io::Error, gz: bool| {
        if gz {
            ReadError::Decompress {
                path: ctx.path(),
                records: ctx.stats.records,
                message: e.to_string(),
            }
        } else {
            ReadError::Open {
                path: ctx.path(),
                message: e.to_string(),
            }
        }
    };
    let mut magic = Vec::with_capacity(2);
    fill(&mut reader, &mut magic, 2).map_err(|e| io_err(ctx, e, false))?;
    let gz = magic == [0x1f, 0x8b];
    let raw = BufReader::with_capacity(BUFFER, Cursor::new(magic).chain(reader));
    let mut content: Box<dyn Read + Send> = if gz {
        Box::new(flate2::bufread::MultiGzDecoder::new(raw))
    } else {
        Box::new(raw)
    };

    let mut prefix = Vec::new();
    let mut want = 256;
    let format = loop {
        fill(&mut content, &mut prefix, want).map_err(|e| io_err(ctx, e, gz))?;
        let eof = prefix.len() < want;
        match decide(&prefix, eof || want >= SNIFF_LIMIT) {
            Some(Ok(f)) => break f,
            Some(Err(byte)) => {
                return Err(ReadError::NotJson {
                    path: ctx.path(),
                    found: describe_byte(byte),
                })
            }
            None => want *= 4,
        }
    };
    if prefix.starts_with(b"\xEF\xBB\xBF") {
        prefix.drain(..3);
    }
    match format {
        Format::Empty => Ok(()),
        Format::Records | Format::Array => {
            // See the module documentation: small documents are parsed from memory.
            let limit = ctx.options.in_memory_limit;
            let mut text = prefix;
            let room = limit.saturating_sub(text.len()) as u64;
            let read_whole = (&mut content).take(room).read_to_end(&mut text);
            if let Err(e) = read_whole {
                // Parse what arrived, then report the read error (a truncated gzip stream).
                parse_document(
                    &mut serde_json::Deserializer::from_slice(&text),
                    format,
                    ctx,
                    gz,
                )
                .ok();
                return Err(io_err(ctx, e, gz));
            }
            if text.len() < limit {
                // One UTF-8 check over the whole text lets the parser skip its check of every
                // string: 14 % less CPU time on bench/trail.sh's corpus. Text that is not UTF-8 is
                // parsed from bytes, so that the error names the position as before.
                match std::str::from_utf8(&text) {
                    Ok(text) => {
                        let mut de = serde_json::Deserializer::from_str(text);
                        parse_document(&mut de, format, ctx, gz)
                    }
                    Err(_) => {
                        let mut de = serde_json::Deserializer::from_slice(&text);
                        parse_document(&mut de, format, ctx, gz)
                    }
                }
            } else {
                let stream = BufReader::with_capacity(BUFFER, Cursor::new(text).chain(content));
                parse_document(
                    &mut serde_json::Deserializer::from_reader(stream),
                    format,
                    ctx,
                    gz,
                )
            }
        }
        Format::Lines => {
            let stream = BufReader::with_capacity(BUFFER, Cursor::new(prefix).chain(content));
            parse_lines(stream, ctx, gz, problems)
        }
    }
}

fn describe_byte(b: u8) -> String {
    if b.is_ascii_graphic() {
        format!("`{}`", b as char)
    } else {
        format!("byte 0x{b:02x}")
    }
}

/// Converts a serde_json error into a problem; I/O errors inside JSON parsing come from the
/// decompressor (or the disk).
fn json_problem(ctx: &Ctx<'_>, e: serde_json::Error, gz: bool, line_offset: u64) -> ReadError {
    if e.is_io() {
        let message = e.to_string();
        return if gz {
            ReadError::Decompress {
                path: ctx.path(),
                records: ctx.stats.records,
                message,
            }
        } else {
            ReadError::Open {
                path: ctx.path(),
                message,
            }
        };
    }
    let (line, column) = (e.line() as u64, e.column() as u64);
    ReadError::Json {
        path: ctx.path(),
        line: (line > 0).then_some(line + line_offset),
        column: (line > 0).then_some(column),
        records: ctx.stats.records,
        message: strip_position(&e),
    }
}

/// serde_json appends " at line L column C" to its messages; the error carries them separately.
fn strip_position(e: &serde_json::Error) -> String {
    let s = e.to_string();
    match s.rfind(" at line ") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}

/// `{"Records":[…]}` or `[…]`, one record at a time; several such documents one after another
/// (`cat` of log files, one file per line) are read in turn.
fn parse_document<'de, R: serde_json::de::Read<'de>>(
    de: &mut serde_json::Deserializer<R>,
    format: Format,
    ctx: &mut Ctx<'_>,
    gz: bool,
) -> Result<(), ReadError> {
    loop {
        let parsed = match format {
            Format::Records => TopObject { ctx: &mut *ctx }.deserialize(&mut *de),
            _ => RecordArray { ctx: &mut *ctx }.deserialize(&mut *de),
        };
        parsed.map_err(|e| json_problem(ctx, e, gz, 0))?;
        // `end` only peeks: at the end of input it succeeds; before more content it fails, and
        // the next document is parsed (or its own error reported) in the next round.
        if de.end().is_ok() {
            return Ok(());
        }
    }
}

/// The top-level object of a CloudTrail file: streams `Records`, ignores other keys.
struct TopObject<'c, 'a> {
    ctx: &'c mut Ctx<'a>,
}

impl<'de> DeserializeSeed<'de> for TopObject<'_, '_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for TopObject<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a CloudTrail log object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<TopKey>()? {
            match key {
                TopKey::Records => map.next_value_seed(RecordArray {
                    ctx: &mut *self.ctx,
                })?,
                TopKey::Other => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }
}

enum TopKey {
    Records,
    Other,
}

impl<'de> Deserialize<'de> for TopKey {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = TopKey;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a key")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<TopKey, E> {
                Ok(if v == "Records" {
                    TopKey::Records
                } else {
                    TopKey::Other
                })
            }
        }
        d.deserialize_identifier(V)
    }
}

/// An array of records (or envelopes), each handed to the context as soon as it is parsed;
/// `null` is an empty array.
struct RecordArray<'c, 'a> {
    ctx: &'c mut Ctx<'a>,
}

impl<'de> DeserializeSeed<'de> for RecordArray<'_, '_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for RecordArray<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array of CloudTrail records")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(element) = seq.next_element::<Element>()? {
            self.ctx.element(element);
        }
        Ok(())
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }
}

/// NDJSON: one value per line; a bad line is skipped and counted. When a value does not end on
/// its line (pretty-printed JSON, a record object that is not a CloudTrail file), the rest is read
/// as a stream of whitespace-separated values instead.
fn parse_lines<R: BufRead>(
    mut stream: R,
    ctx: &mut Ctx<'_>,
    gz: bool,
    problems: &mut Vec<ReadError>,
) -> Result<(), ReadError> {
    let mut line = Vec::new();
    let mut number = 0u64;
    let mut bad: Option<(u64, String, u64)> = None;
    let result = loop {
        line.clear();
        let n = match (&mut stream)
            .take(MAX_LINE as u64 + 1)
            .read_until(b'\n', &mut line)
        {
            Ok(n) => n,
            Err(e) => break Err(json_problem(ctx, serde_json::Error::io(e), gz, 0)),
        };
        if n == 0 {
            break Ok(());
        }
        number += 1;
        if line.len() > MAX_LINE {
            break Err(ReadError::LineTooLong {
                path: ctx.path(),
                line: number,
                limit: MAX_LINE,
            });
        }
        let text = line.trim_ascii();
        if text.is_empty() {
            continue;
        }
        match serde_json::from_slice::<Element>(text) {
            Ok(element) => ctx.element(element),
            Err(e) if e.is_eof() => {
                let rest = Cursor::new(std::mem::take(&mut line)).chain(stream);
                break parse_values(rest, ctx, gz, number - 1);
            }
            Err(e) => match &mut bad {
                Some((_, _, count)) => *count += 1,
                None => bad = Some((number, strip_position(&e), 1)),
            },
        }
    };
    if let Some((first_line, message, count)) = bad {
        problems.push(ReadError::BadLines {
            path: ctx.path(),
            count,
            first_line,
            message,
        });
    }
    result
}

/// Whitespace-separated JSON values, streamed.
fn parse_values<R: Read>(
    stream: R,
    ctx: &mut Ctx<'_>,
    gz: bool,
    line_offset: u64,
) -> Result<(), ReadError> {
    let values = serde_json::Deserializer::from_reader(BufReader::with_capacity(BUFFER, stream))
        .into_iter::<Element>();
    for value in values {
        match value {
            Ok(element) => ctx.element(element),
            Err(e) => return Err(json_problem(ctx, e, gz, line_offset)),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_detection() {
        assert_eq!(
            decide(b"  {\"Records\": [", false),
            Some(Ok(Format::Records))
        );
        assert_eq!(decide(b"{\n  \"Rec", false), None);
        assert_eq!(decide(b"{\n  \"Rec", true), Some(Ok(Format::Lines)));
        assert_eq!(decide(b"{\"eventVersion\"", false), Some(Ok(Format::Lines)));
        assert_eq!(decide(b"\xEF\xBB\xBF[{", false), Some(Ok(Format::Array)));
        assert_eq!(decide(b"   ", false), None);
        assert_eq!(decide(b"   ", true), Some(Ok(Format::Empty)));
        assert_eq!(decide(b"PK\x03\x04", false), Some(Err(b'P')));
    }

    /// Text that is not UTF-8 is parsed from bytes: the records before the bad string are kept and
    /// the error has its position, as when every document was parsed from bytes.
    #[test]
    fn invalid_utf8_is_reported_with_its_position() {
        let good = r#"{"eventTime":"2024-01-01T00:00:00Z","eventSource":"iam.amazonaws.com","eventName":"CreateUser"}"#;
        let mut text = format!("{{\"Records\":[{good},\n").into_bytes();
        text.extend_from_slice(
            b"{\"eventTime\":\"2024-01-01T00:00:01Z\",\"eventName\":\"A\xff\"}]}",
        );
        let options = ReadOptions {
            retain: Retain::All,
            ..ReadOptions::default()
        };
        let trail = read(vec![Source::reader("bad", Cursor::new(text))], &options);
        assert_eq!(trail.events.len(), 1);
        match trail.problems.as_slice() {
            [ReadError::Json {
                line: Some(2),
                column: Some(_),
                records: 1,
                message,
                ..
            }] => assert_eq!(message, "invalid unicode code point"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn dedup_keys() {
        let a = dedup_key("3038ebd2-c98a-4c65-9b6e-e22506292313");
        assert_eq!(a[0], 0x30);
        assert_eq!(a[15], 0x13);
        assert_eq!(a, dedup_key("3038EBD2-C98A-4C65-9B6E-E22506292313"));
        assert_ne!(dedup_key("not-a-uuid"), dedup_key("not-a-uuid2"));
        assert_eq!(dedup_key("not-a-uuid"), dedup_key("not-a-uuid"));
    }
}
