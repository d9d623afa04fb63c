//! Filters applied while reading: by event time, account and region — on records, and on paths
//! before a file is opened.
//!
//! CloudTrail names what it delivers by delivery time: `AWSLogs/[o-org/]<account>/CloudTrail/<region>/
//! YYYY/MM/DD/<account>_CloudTrail_<region>_YYYYMMDDTHHmmZ_<unique>.json.gz`. AWS documents that a
//! file delivered at a time holds records written at any point *before* it, so a file (or a whole
//! day, month or year directory) delivered before `since` can be skipped exactly. The other bound
//! needs an assumption about delivery delay — typically about five minutes, not guaranteed — so a
//! file is skipped for `until` only when it was delivered more than [`Filter::delivery_slack`]
//! (one day by default) after it.

use std::path::Path;

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};

use crate::record::Record;

/// Which events to keep. The time range is half-open: `since <= eventTime < until`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filter {
    pub since: Option<Timestamp>,
    pub until: Option<Timestamp>,
    /// Accounts the events happened in (`recipientAccountId`, else the caller's account); empty
    /// means all.
    pub accounts: Vec<String>,
    /// `awsRegion` values; empty means all.
    pub regions: Vec<String>,
    /// How long after an event its log file may be delivered, for skipping files by path date
    /// against `until`.
    pub delivery_slack: SignedDuration,
}

impl Default for Filter {
    fn default() -> Self {
        Filter {
            since: None,
            until: None,
            accounts: Vec::new(),
            regions: Vec::new(),
            delivery_slack: Filter::DEFAULT_DELIVERY_SLACK,
        }
    }
}

impl Filter {
    pub const DEFAULT_DELIVERY_SLACK: SignedDuration = SignedDuration::from_hours(24);

    /// Whether a record passes.
    pub fn accepts(&self, record: &Record) -> bool {
        if self.since.is_some_and(|s| record.event_time < s) {
            return false;
        }
        if self.until.is_some_and(|u| record.event_time >= u) {
            return false;
        }
        if !self.accounts.is_empty() {
            let account = record
                .recipient_account_id
                .as_deref()
                .or(record.user_identity.account_id.as_deref());
            if !account.is_some_and(|a| self.accounts.iter().any(|x| x == a)) {
                return false;
            }
        }
        if !self.regions.is_empty()
            && !record
                .aws_region
                .as_deref()
                .is_some_and(|r| self.regions.iter().any(|x| x == r))
        {
            return false;
        }
        true
    }

    /// Whether an S3 object key in CloudTrail's layout (`AWSLogs/<account>/CloudTrail/<region>/
    /// YYYY/MM/DD/<file>`) holds nothing this filter keeps: such objects need not be downloaded.
    pub fn skips_key(&self, key: &str) -> bool {
        self.skips_path(&PathInfo::of(Path::new(key), true))
    }

    /// Whether a path's account, region or delivery time already excludes everything in it.
    pub(crate) fn skips_path(&self, info: &PathInfo) -> bool {
        if !self.accounts.is_empty()
            && info
                .account
                .as_deref()
                .is_some_and(|a| !self.accounts.iter().any(|x| x == a))
        {
            return true;
        }
        if !self.regions.is_empty()
            && info
                .region
                .as_deref()
                .is_some_and(|r| !self.regions.iter().any(|x| x == r))
        {
            return true;
        }
        if let Some((start, end)) = info.delivered {
            // Everything in it was written before `end`.
            if self.since.is_some_and(|since| end <= since) {
                return true;
            }
            // Everything in it was written after `start - slack`.
            if let Some(until) = self.until {
                if start
                    .checked_sub(self.delivery_slack)
                    .is_ok_and(|earliest| earliest >= until)
                {
                    return true;
                }
            }
        }
        false
    }
}

/// What a path in CloudTrail's layout (or a file in CloudTrail's naming) says about its contents.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct PathInfo {
    pub(crate) account: Option<String>,
    pub(crate) region: Option<String>,
    /// The half-open delivery-time range the path stands for: a year, month or day directory, or
    /// a file's minute.
    pub(crate) delivered: Option<(Timestamp, Timestamp)>,
}

impl PathInfo {
    /// Reads the S3 layout from the directory components and, for a file, CloudTrail's file
    /// name, which is more precise (its minute of delivery) and also present in flat copies.
    pub(crate) fn of(path: &Path, is_file: bool) -> PathInfo {
        let comps: Vec<&str> = path
            .components()
            .filter_map(|c| c.as_os_str().to_str())
            .collect();
        let dirs = if is_file && !comps.is_empty() {
            &comps[..comps.len() - 1]
        } else {
            &comps[..]
        };
        let mut info = PathInfo::default();
        // `<account>/CloudTrail/…`; a `CloudTrail` directory elsewhere is just a name.
        let layout = dirs
            .iter()
            .enumerate()
            .rposition(|(i, c)| *c == "CloudTrail" && i > 0 && is_account(dirs[i - 1]));
        if let Some(i) = layout {
            info.account = Some(dirs[i - 1].to_string());
            info.region = dirs.get(i + 1).map(|r| r.to_string());
            let year = dirs.get(i + 2).and_then(|s| digits(s, 4));
            let month = dirs.get(i + 3).and_then(|s| digits(s, 2));
            let day = dirs.get(i + 4).and_then(|s| digits(s, 2));
            info.delivered = match (year, month, day) {
                (Some(y), Some(m), Some(d)) => day_range(y, m, d),
                (Some(y), Some(m), None) => month_range(y, m),
                (Some(y), None, _) => year_range(y),
                _ => None,
            };
        }
        if is_file {
            if let Some(name) = comps.last() {
                if let Some((account, region, minute)) = parse_file_name(name) {
                    info.account.get_or_insert(account);
                    info.region.get_or_insert(region);
                    if minute.is_some() {
                        info.delivered = minute;
                    }
                }
            }
        }
        info
    }
}

fn is_account(s: &str) -> bool {
    s.len() == 12 && s.bytes().all(|b| b.is_ascii_digit())
}

fn digits(s: &str, n: usize) -> Option<i16> {
    (s.len() == n && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

fn start_of(date: Date) -> Option<Timestamp> {
    date.to_zoned(TimeZone::UTC).ok().map(|z| z.timestamp())
}

fn day_range(y: i16, m: i16, d: i16) -> Option<(Timestamp, Timestamp)> {
    let date = Date::new(y, i8::try_from(m).ok()?, i8::try_from(d).ok()?).ok()?;
    Some((start_of(date)?, start_of(date.tomorrow().ok()?)?))
}

fn month_range(y: i16, m: i16) -> Option<(Timestamp, Timestamp)> {
    let first = Date::new(y, i8::try_from(m).ok()?, 1).ok()?;
    let next = first.last_of_month().tomorrow().ok()?;
    Some((start_of(first)?, start_of(next)?))
}

fn year_range(y: i16) -> Option<(Timestamp, Timestamp)> {
    let first = Date::new(y, 1, 1).ok()?;
    let next = Date::new(y.checked_add(1)?, 1, 1).ok()?;
    Some((start_of(first)?, start_of(next)?))
}

/// A half-open time range.
type Range = (Timestamp, Timestamp);

/// `<account>_CloudTrail_<region>_YYYYMMDDTHHmmZ_<unique>.json.gz`: account, region and the
/// delivery minute.
fn parse_file_name(name: &str) -> Option<(String, String, Option<Range>)> {
    let mut parts = name.split('_');
    let account = parts.next()?;
    if !is_account(account) || parts.next()? != "CloudTrail" {
        return None;
    }
    let region = parts.next()?.to_string();
    let stamp = parts.next().unwrap_or("");
    Some((account.to_string(), region, parse_minute(stamp)))
}

fn parse_minute(s: &str) -> Option<(Timestamp, Timestamp)> {
    let b = s.as_bytes();
    if b.len() != 14 || b[8] != b'T' || b[13] != b'Z' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<i16> {
        let t = &s[r];
        t.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| t.parse().ok())
            .flatten()
    };
    let (start_day, _) = day_range(num(0..4)?, num(4..6)?, num(6..8)?)?;
    let (h, m) = (num(9..11)?, num(11..13)?);
    if h > 23 || m > 59 {
        return None;
    }
    let start = start_day
        .checked_add(SignedDuration::from_mins(i64::from(h) * 60 + i64::from(m)))
        .ok()?;
    Some((start, start.checked_add(SignedDuration::from_mins(1)).ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ts(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    #[test]
    fn layout_and_name() {
        let p = Path::new(
            "b/AWSLogs/o-abc123/111122223333/CloudTrail/eu-west-1/2024/02/29/\
             111122223333_CloudTrail_eu-west-1_20240229T2355Z_abcdEFGH12345678.json.gz",
        );
        let info = PathInfo::of(p, true);
        assert_eq!(info.account.as_deref(), Some("111122223333"));
        assert_eq!(info.region.as_deref(), Some("eu-west-1"));
        assert_eq!(
            info.delivered,
            Some((ts("2024-02-29T23:55:00Z"), ts("2024-02-29T23:56:00Z")))
        );
        let month = PathInfo::of(
            Path::new("AWSLogs/111122223333/CloudTrail/eu-west-1/2024/02"),
            false,
        );
        assert_eq!(
            month.delivered,
            Some((ts("2024-02-01T00:00:00Z"), ts("2024-03-01T00:00:00Z")))
        );
        let year = PathInfo::of(
            Path::new("AWSLogs/111122223333/CloudTrail/eu-west-1/2023"),
            false,
        );
        assert_eq!(
            year.delivered,
            Some((ts("2023-01-01T00:00:00Z"), ts("2024-01-01T00:00:00Z")))
        );
        let plain = PathInfo::of(Path::new("logs/events.json"), true);
        assert_eq!(plain, PathInfo::default());
        let named = PathInfo::of(Path::new("data/CloudTrail/exports/2024/05/06/x.json"), true);
        assert_eq!(named, PathInfo::default());
    }

    #[test]
    fn skipping() {
        let f = Filter {
            since: Some(ts("2024-03-01T00:00:00Z")),
            until: Some(ts("2024-03-05T00:00:00Z")),
            ..Filter::default()
        };
        let day = |d: &str| {
            PathInfo::of(
                Path::new(&format!("AWSLogs/111122223333/CloudTrail/us-east-1/{d}")),
                false,
            )
        };
        assert!(f.skips_path(&day("2024/02/29")));
        assert!(!f.skips_path(&day("2024/03/01")));
        // Within the delivery slack of `until`: a late file may still hold an early event.
        assert!(!f.skips_path(&day("2024/03/05")));
        assert!(f.skips_path(&day("2024/03/06")));
        assert!(!f.skips_path(&day("2024/03")));
        assert!(f.skips_path(&day("2023")));
    }
}
