//! Date and time functions over RFC 3339 strings. The calendar arithmetic is small enough to
//! do here, which keeps parsing exactly as strict as Go's `time.Parse(time.RFC3339, …)`.

use std::cmp::Ordering;

use driftguard_model::Value;

use super::{spec, Args, FunctionError, Spec, Unknowns::*};

pub(super) const FUNCTIONS: &[Spec] = &[
    spec("formatdate", 2, 2, Deep, formatdate),
    spec("timeadd", 2, 2, Deep, timeadd),
    spec("timecmp", 2, 2, Deep, timecmp),
    // The current time is known only when Terraform runs.
    spec("timestamp", 0, 0, Manual, now),
    spec("plantimestamp", 0, 0, Manual, now),
];

const NANOS: i128 = 1_000_000_000;

/// An instant plus the UTC offset it was written with, which `formatdate` and `timeadd` keep.
#[derive(Clone, Copy, Debug)]
struct Time {
    /// Nanoseconds since the Unix epoch, UTC.
    nanos: i128,
    /// Seconds east of UTC.
    offset: i32,
}

impl Time {
    fn local(&self) -> Civil {
        let local = self.nanos.div_euclid(NANOS) + i128::from(self.offset);
        let days = local.div_euclid(86_400);
        let secs = local.rem_euclid(86_400) as u32;
        let (year, month, day) = civil_from_days(days as i64);
        Civil {
            year,
            month,
            day,
            hour: secs / 3600,
            minute: secs / 60 % 60,
            second: secs % 60,
            weekday: (days + 4).rem_euclid(7) as usize,
        }
    }

    fn rfc3339(&self) -> String {
        let c = self.local();
        format!(
            "{}-{:02}-{:02}T{:02}:{:02}:{:02}{}",
            fmt_year(c.year),
            c.month,
            c.day,
            c.hour,
            c.minute,
            c.second,
            zone(self.offset, true, true)
        )
    }
}

struct Civil {
    year: i64,
    month: u32,
    day: u32,
    hour: u32,
    minute: u32,
    second: u32,
    /// 0 is Sunday.
    weekday: usize,
}

fn fmt_year(year: i64) -> String {
    if year < 0 {
        format!("-{:04}", -year)
    } else {
        format!("{year:04}")
    }
}

/// `Z07:00` (with `z`), `-07:00` or `-0700`.
fn zone(offset: i32, z: bool, colon: bool) -> String {
    if offset == 0 && z {
        return "Z".into();
    }
    let sign = if offset < 0 { '-' } else { '+' };
    let abs = offset.unsigned_abs();
    let (h, m) = (abs / 3600, abs / 60 % 60);
    if colon {
        format!("{sign}{h:02}:{m:02}")
    } else {
        format!("{sign}{h:02}{m:02}")
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        _ => 28,
    }
}

/// A tiny cursor for the fixed-layout parsers below.
struct Cursor<'a> {
    s: &'a [u8],
    i: usize,
}

impl Cursor<'_> {
    /// Exactly `n` digits, or between 1 and `n` when `lenient`.
    fn num(&mut self, n: usize, lenient: bool) -> Option<u32> {
        let start = self.i;
        while self.i < self.s.len() && self.i - start < n && self.s[self.i].is_ascii_digit() {
            self.i += 1;
        }
        let len = self.i - start;
        if len == 0 || (!lenient && len != n) {
            return None;
        }
        std::str::from_utf8(&self.s[start..self.i])
            .ok()?
            .parse()
            .ok()
    }

    fn eat(&mut self, c: u8) -> bool {
        if self.s.get(self.i) == Some(&c) {
            self.i += 1;
            true
        } else {
            false
        }
    }

    fn done(&self) -> bool {
        self.i == self.s.len()
    }

    /// Optional `.digits`, as nanoseconds.
    fn fraction(&mut self) -> Option<u32> {
        if !self.eat(b'.') {
            return Some(0);
        }
        let start = self.i;
        while self.i < self.s.len() && self.s[self.i].is_ascii_digit() {
            self.i += 1;
        }
        let digits = &self.s[start..self.i];
        if digits.is_empty() {
            return None;
        }
        let mut nanos = 0u32;
        for k in 0..9 {
            nanos = nanos * 10 + digits.get(k).map_or(0, |d| u32::from(d - b'0'));
        }
        Some(nanos)
    }

    /// `Z` or `±hh:mm`, as seconds east of UTC.
    fn offset(&mut self) -> Option<i32> {
        if self.eat(b'Z') {
            return Some(0);
        }
        let sign = if self.eat(b'+') {
            1
        } else if self.eat(b'-') {
            -1
        } else {
            return None;
        };
        let h = self.num(2, false)?;
        if !self.eat(b':') {
            return None;
        }
        let m = self.num(2, false)?;
        (h < 24 && m < 60).then(|| sign * (h as i32 * 3600 + m as i32 * 60))
    }
}

#[allow(clippy::too_many_arguments)]
fn build(
    year: u32,
    month: u32,
    day: u32,
    hour: u32,
    minute: u32,
    second: u32,
    nanos: u32,
    offset: i32,
) -> Option<Time> {
    let year = i64::from(year);
    if !(1..=12).contains(&month)
        || day == 0
        || day > days_in_month(year, month)
        || hour > 23
        || minute > 59
        || second > 59
    {
        return None;
    }
    let local = i128::from(days_from_civil(year, month, day)) * 86_400
        + i128::from(hour * 3600 + minute * 60 + second);
    Some(Time {
        nanos: (local - i128::from(offset)) * NANOS + i128::from(nanos),
        offset,
    })
}

/// Go's `time.Parse(time.RFC3339, s)`, which also accepts fractional seconds.
fn parse_rfc3339(s: &str) -> Result<Time, String> {
    let fail = || format!("not a valid RFC3339 timestamp: {s:?}");
    let mut c = Cursor {
        s: s.as_bytes(),
        i: 0,
    };
    let year = c.num(4, false).ok_or_else(fail)?;
    c.eat(b'-').then_some(()).ok_or_else(fail)?;
    let month = c.num(2, false).ok_or_else(fail)?;
    c.eat(b'-').then_some(()).ok_or_else(fail)?;
    let day = c.num(2, false).ok_or_else(fail)?;
    if !c.eat(b'T') {
        return Err(format!(
            "not a valid RFC3339 timestamp: missing required time introducer 'T' in {s:?}"
        ));
    }
    let hour = c.num(2, false).ok_or_else(fail)?;
    c.eat(b':').then_some(()).ok_or_else(fail)?;
    let minute = c.num(2, false).ok_or_else(fail)?;
    c.eat(b':').then_some(()).ok_or_else(fail)?;
    let second = c.num(2, false).ok_or_else(fail)?;
    let nanos = c.fraction().ok_or_else(fail)?;
    let offset = c.offset().ok_or_else(fail)?;
    if !c.done() {
        return Err(fail());
    }
    build(year, month, day, hour, minute, second, nanos, offset)
        .ok_or_else(|| format!("not a valid RFC3339 timestamp: {s:?} is out of range"))
}

/// The YAML timestamp forms Terraform's `yamldecode` turns into RFC 3339 strings: a date, a
/// lenient RFC 3339 timestamp (`t` allowed), or a space-separated UTC one.
pub(crate) fn yaml_timestamp(s: &str) -> Option<String> {
    let mut c = Cursor {
        s: s.as_bytes(),
        i: 0,
    };
    let year = c.num(4, false)?;
    if !c.eat(b'-') {
        return None;
    }
    let month = c.num(2, true)?;
    if !c.eat(b'-') {
        return None;
    }
    let day = c.num(2, true)?;
    if c.done() {
        return build(year, month, day, 0, 0, 0, 0, 0).map(|t| t.rfc3339());
    }
    let spaced = c.eat(b' ');
    if !spaced && !c.eat(b'T') && !c.eat(b't') {
        return None;
    }
    let hour = c.num(2, true)?;
    c.eat(b':').then_some(())?;
    let minute = c.num(2, true)?;
    c.eat(b':').then_some(())?;
    let second = c.num(2, true)?;
    let nanos = c.fraction()?;
    let offset = if spaced { 0 } else { c.offset()? };
    c.done().then_some(())?;
    build(year, month, day, hour, minute, second, nanos, offset).map(|t| t.rfc3339())
}

/// Go's `time.ParseDuration`, in nanoseconds.
fn parse_duration(orig: &str) -> Result<i128, String> {
    let invalid = || format!("time: invalid duration {orig:?}");
    let mut s = orig;
    let mut negative = false;
    if let Some(rest) = s.strip_prefix('-') {
        negative = true;
        s = rest;
    } else if let Some(rest) = s.strip_prefix('+') {
        s = rest;
    }
    if s == "0" {
        return Ok(0);
    }
    if s.is_empty() {
        return Err(invalid());
    }
    let limit: i128 = 1 << 63;
    let mut total: i128 = 0;
    while !s.is_empty() {
        let int_len = s.bytes().take_while(u8::is_ascii_digit).count();
        let (int_part, rest) = s.split_at(int_len);
        s = rest;
        let mut frac_part = "";
        if let Some(rest) = s.strip_prefix('.') {
            let frac_len = rest.bytes().take_while(u8::is_ascii_digit).count();
            frac_part = &rest[..frac_len];
            s = &rest[frac_len..];
            if int_part.is_empty() && frac_part.is_empty() {
                return Err(invalid());
            }
        } else if int_part.is_empty() {
            return Err(invalid());
        }
        let unit_len = s
            .find(|c: char| c == '.' || c.is_ascii_digit())
            .unwrap_or(s.len());
        if unit_len == 0 {
            return Err(format!("time: missing unit in duration {orig:?}"));
        }
        let (unit, rest) = s.split_at(unit_len);
        s = rest;
        let unit: i128 = match unit {
            "ns" => 1,
            "us" | "\u{b5}s" | "\u{3bc}s" => 1_000,
            "ms" => 1_000_000,
            "s" => NANOS,
            "m" => 60 * NANOS,
            "h" => 3600 * NANOS,
            _ => return Err(format!("time: unknown unit {unit:?} in duration {orig:?}")),
        };
        let whole: i128 = if int_part.is_empty() {
            0
        } else {
            int_part
                .parse::<i128>()
                .ok()
                .filter(|v| *v < limit)
                .ok_or_else(invalid)?
        };
        let mut v = whole
            .checked_mul(unit)
            .filter(|v| *v <= limit)
            .ok_or_else(invalid)?;
        if !frac_part.is_empty() {
            let digits = &frac_part[..frac_part.len().min(30)];
            let frac: f64 = format!("0.{digits}").parse().unwrap_or(0.0);
            v += (frac * unit as f64) as i128;
        }
        total += v;
        if total > limit {
            return Err(invalid());
        }
    }
    if negative {
        Ok(-total)
    } else if total >= limit {
        Err(invalid())
    } else {
        Ok(total)
    }
}

fn timestamp_arg(args: &Args, i: usize) -> Result<Time, FunctionError> {
    parse_rfc3339(&args.str(i)?).map_err(|e| args.error(e))
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const WEEKDAYS: [&str; 7] = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];

/// Terraform's `formatdate` mnemonics: runs of one letter are a verb, `'…'` is literal text.
fn formatdate(args: &Args) -> Result<Value, FunctionError> {
    let spec = args.str(0)?;
    let t = timestamp_arg(args, 1)?;
    let c = t.local();
    let mut out = String::new();
    let chars: Vec<char> = spec.chars().collect();
    let mut i = 0;
    let verb_error =
        |tok: &str, hint: &str| args.error(format!("invalid date format verb {tok:?}: {hint}"));
    while i < chars.len() {
        let ch = chars[i];
        if ch == '\'' {
            if chars.get(i + 1) == Some(&'\'') {
                out.push('\'');
                i += 2;
                continue;
            }
            i += 1;
            loop {
                match chars.get(i) {
                    None => return Err(args.error("unterminated literal '")),
                    Some('\'') if chars.get(i + 1) == Some(&'\'') => {
                        out.push('\'');
                        i += 2;
                    }
                    Some('\'') => {
                        i += 1;
                        break;
                    }
                    Some(&other) => {
                        out.push(other);
                        i += 1;
                    }
                }
            }
            continue;
        }
        if !ch.is_ascii_alphabetic() {
            out.push(ch);
            i += 1;
            continue;
        }
        let run = chars[i..].iter().take_while(|c| **c == ch).count();
        let tok: String = chars[i..i + run].iter().collect();
        i += run;
        let piece = match (ch, run) {
            ('Y', 2) => format!("{:02}", c.year.rem_euclid(100)),
            ('Y', 4) => fmt_year(c.year),
            ('Y', _) => return Err(verb_error(&tok, "year must either be \"YY\" or \"YYYY\"")),
            ('M', 1) => c.month.to_string(),
            ('M', 2) => format!("{:02}", c.month),
            ('M', 3) => MONTHS[c.month as usize - 1][..3].to_string(),
            ('M', 4) => MONTHS[c.month as usize - 1].to_string(),
            ('M', _) => {
                return Err(verb_error(
                    &tok,
                    "month must be \"M\", \"MM\", \"MMM\", or \"MMMM\"",
                ))
            }
            ('D', 1) => c.day.to_string(),
            ('D', 2) => format!("{:02}", c.day),
            ('D', _) => {
                return Err(verb_error(
                    &tok,
                    "day of month must either be \"D\" or \"DD\"",
                ))
            }
            ('E', 3) => WEEKDAYS[c.weekday][..3].to_string(),
            ('E', 4) => WEEKDAYS[c.weekday].to_string(),
            ('E', _) => {
                return Err(verb_error(
                    &tok,
                    "day of week must either be \"EEE\" or \"EEEE\"",
                ))
            }
            ('h', 1) => c.hour.to_string(),
            ('h', 2) => format!("{:02}", c.hour),
            ('h', _) => return Err(verb_error(&tok, "24-hour must either be \"h\" or \"hh\"")),
            ('H', n) if n <= 2 => {
                let h = if c.hour % 12 == 0 { 12 } else { c.hour % 12 };
                if n == 1 {
                    h.to_string()
                } else {
                    format!("{h:02}")
                }
            }
            ('H', _) => return Err(verb_error(&tok, "12-hour must either be \"H\" or \"HH\"")),
            ('A' | 'a', 2) => {
                let pm = c.hour >= 12;
                match (ch, pm) {
                    ('A', false) => "AM",
                    ('A', true) => "PM",
                    (_, false) => "am",
                    (_, true) => "pm",
                }
                .to_string()
            }
            ('A' | 'a', _) => return Err(verb_error(&tok, &format!("must be \"{ch}{ch}\""))),
            ('m', 1) => c.minute.to_string(),
            ('m', 2) => format!("{:02}", c.minute),
            ('m', _) => return Err(verb_error(&tok, "minute must either be \"m\" or \"mm\"")),
            ('s', 1) => c.second.to_string(),
            ('s', 2) => format!("{:02}", c.second),
            ('s', _) => return Err(verb_error(&tok, "second must either be \"s\" or \"ss\"")),
            ('Z', 1) => zone(t.offset, true, true),
            ('Z', 3) if t.offset == 0 => "UTC".to_string(),
            ('Z', 3 | 4) => zone(t.offset, false, false),
            ('Z', 5) => zone(t.offset, false, true),
            ('Z', _) => return Err(verb_error(&tok, "timezone must be Z, ZZZZ, or ZZZZZ")),
            _ => return Err(args.error(format!("invalid date format verb {tok:?}"))),
        };
        out.push_str(&piece);
    }
    Ok(Value::String(out))
}

fn timeadd(args: &Args) -> Result<Value, FunctionError> {
    let t = timestamp_arg(args, 0)?;
    let d = parse_duration(&args.str(1)?).map_err(|e| args.error(e))?;
    let moved = Time {
        nanos: t.nanos + d,
        ..t
    };
    let year = moved.local().year;
    if !(0..=9999).contains(&year) {
        return Err(args.error("the resulting timestamp is outside the years 0 to 9999"));
    }
    Ok(Value::String(moved.rfc3339()))
}

fn timecmp(args: &Args) -> Result<Value, FunctionError> {
    let a = timestamp_arg(args, 0)?;
    let b = timestamp_arg(args, 1)?;
    Ok(Value::Number(match a.nanos.cmp(&b.nanos) {
        Ordering::Less => -1.0,
        Ordering::Equal => 0.0,
        Ordering::Greater => 1.0,
    }))
}

fn now(args: &Args) -> Result<Value, FunctionError> {
    Ok(Value::unknown(format!(
        "{}() is known only when Terraform runs",
        args.name
    )))
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::*;

    fn fd(spec: &str, ts: &str) -> Value {
        ok("formatdate", vec![s(spec), s(ts)])
    }

    #[test]
    fn formatdate_matches_terraform_examples() {
        assert_eq!(
            fd("DD MMM YYYY hh:mm ZZZ", "2018-01-02T23:12:01Z"),
            s("02 Jan 2018 23:12 UTC")
        );
        assert_eq!(
            fd("EEEE, DD-MMM-YY hh:mm:ss ZZZ", "2018-01-02T23:12:01Z"),
            s("Tuesday, 02-Jan-18 23:12:01 UTC")
        );
        assert_eq!(
            fd("EEE, DD MMM YYYY hh:mm:ss ZZZ", "2018-01-02T23:12:01-08:00"),
            s("Tue, 02 Jan 2018 23:12:01 -0800")
        );
        assert_eq!(
            fd("MMM DD, YYYY", "2018-01-02T23:12:01Z"),
            s("Jan 02, 2018")
        );
        assert_eq!(fd("HH:mmaa", "2018-01-02T23:12:01Z"), s("11:12pm"));
        assert_eq!(
            fd("H AA Z ZZZZZ", "2018-01-02T00:05:09+05:30"),
            s("12 AM +05:30 +05:30")
        );
        assert_eq!(
            fd("M/D/YY h:m:s Z", "2009-03-04T05:06:07.5Z"),
            s("3/4/09 5:6:7 Z")
        );
        assert_eq!(fd("MMMM", "2020-09-16T00:00:00Z"), s("September"));
        assert_eq!(
            fd("'Year' YYYY, 'it''s' ''", "2020-01-01T00:00:00Z"),
            s("Year 2020, it's '")
        );
        assert_eq!(
            fd("YYYY-MM-DD'T'hh:mm:ssZ", "2024-02-29T12:00:00Z"),
            s("2024-02-29T12:00:00Z")
        );
    }

    #[test]
    fn formatdate_errors() {
        assert!(err("formatdate", vec![s("YYY"), s("2018-01-02T23:12:01Z")])
            .contains("invalid date format verb \"YYY\""));
        assert!(err("formatdate", vec![s("q"), s("2018-01-02T23:12:01Z")])
            .contains("invalid date format verb"));
        assert!(
            err("formatdate", vec![s("'open"), s("2018-01-02T23:12:01Z")]).contains("unterminated")
        );
        assert!(err("formatdate", vec![s("YYYY"), s("2018-01-02")]).contains("not a valid RFC3339"));
        assert!(
            err("formatdate", vec![s("YYYY"), s("2018-02-30T00:00:00Z")]).contains("out of range")
        );
        assert!(
            err("formatdate", vec![s("YYYY"), s("2018-01-02 00:00:00Z")]).contains("introducer")
        );
        assert!(ok("formatdate", vec![s("YYYY"), unk()]).is_unknown());
    }

    #[test]
    fn timeadd_adds_go_durations() {
        assert_eq!(
            ok("timeadd", vec![s("2017-11-22T00:00:00Z"), s("10m")]),
            s("2017-11-22T00:10:00Z")
        );
        assert_eq!(
            ok("timeadd", vec![s("2017-11-22T00:00:00Z"), s("-1.5h")]),
            s("2017-11-21T22:30:00Z")
        );
        assert_eq!(
            ok("timeadd", vec![s("2017-11-22T00:00:00+01:00"), s("1h30m")]),
            s("2017-11-22T01:30:00+01:00")
        );
        assert_eq!(
            ok("timeadd", vec![s("2024-02-28T23:59:59.9Z"), s("1s")]),
            s("2024-02-29T00:00:00Z")
        );
        assert_eq!(
            ok("timeadd", vec![s("2017-11-22T00:00:00Z"), s("8760h")]),
            s("2018-11-22T00:00:00Z")
        );
        assert_eq!(
            ok("timeadd", vec![s("2017-11-22T00:00:00Z"), s("0")]),
            s("2017-11-22T00:00:00Z")
        );
        assert!(
            err("timeadd", vec![s("2017-11-22T00:00:00Z"), s("1d")]).contains("unknown unit \"d\"")
        );
        assert!(err("timeadd", vec![s("2017-11-22T00:00:00Z"), s("10")]).contains("missing unit"));
        assert!(err("timeadd", vec![s("2017-11-22T00:00:00Z"), s("")]).contains("invalid duration"));
        assert!(err(
            "timeadd",
            vec![s("2017-11-22T00:00:00Z"), s("99999999999999999999h")]
        )
        .contains("invalid duration"));
        assert!(err("timeadd", vec![s("nope"), s("1h")]).contains("not a valid RFC3339"));
    }

    #[test]
    fn timecmp_compares_instants() {
        assert_eq!(
            ok(
                "timecmp",
                vec![s("2017-11-22T00:00:00Z"), s("2017-11-22T00:00:00Z")]
            ),
            n(0.0)
        );
        assert_eq!(
            ok(
                "timecmp",
                vec![s("2017-11-22T00:00:00Z"), s("2017-11-22T01:00:00Z")]
            ),
            n(-1.0)
        );
        assert_eq!(
            ok(
                "timecmp",
                vec![s("2017-11-22T01:00:00Z"), s("2017-11-22T01:00:00+01:00")]
            ),
            n(1.0)
        );
        assert_eq!(
            ok(
                "timecmp",
                vec![s("2017-11-22T00:00:00.5Z"), s("2017-11-22T00:00:00Z")]
            ),
            n(1.0)
        );
        assert!(
            err("timecmp", vec![s("x"), s("2017-11-22T00:00:00Z")]).contains("not a valid RFC3339")
        );
    }

    #[test]
    fn now_is_unknown() {
        assert!(ok("timestamp", vec![]).is_unknown());
        assert!(ok("plantimestamp", vec![]).is_unknown());
        assert!(err("timestamp", vec![s("x")]).contains("expected exactly 0"));
    }

    #[test]
    fn calendar_round_trips() {
        for days in [-719_468, -1, 0, 1, 10_957, 19_782, 2_932_896] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(
            yaml_timestamp("2001-12-14"),
            Some("2001-12-14T00:00:00Z".into())
        );
        assert_eq!(
            yaml_timestamp("2001-12-14t21:59:43.10-05:00"),
            Some("2001-12-14T21:59:43-05:00".into())
        );
        assert_eq!(
            yaml_timestamp("2001-1-4 1:59:43"),
            Some("2001-01-04T01:59:43Z".into())
        );
        assert_eq!(yaml_timestamp("2001-12-14x"), None);
        assert_eq!(yaml_timestamp("12-14"), None);
    }
}
