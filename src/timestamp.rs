//! Timestamps as every file of the program writes them: RFC 3339 with exactly three digits of
//! milliseconds. Records (audit trails, edits) are in UTC (`2026-11-28T00:36:44.437Z`); a
//! signature carries the signer's own UTC offset (`2026-11-28T08:36:44.437+08:00`), so the date
//! printed on the sheet is the signer's date on every machine, whatever its time zone.

use jiff::{Timestamp, ZonedDateTime as Zoned, tz::TimeZone};

/// The format of every timestamp written.
const FORMAT: &str = "%Y-%m-%dT%H:%M:%S%.3f%:z";

/// Now, in UTC: `2026-11-28T00:36:44.437Z`.
pub fn now_utc() -> String {
    utc(Timestamp::now())
}

/// An instant in UTC with three digits of milliseconds.
pub fn utc(instant: Timestamp) -> String {
    let truncated = Timestamp::from_millisecond(instant.as_millisecond()).unwrap_or(instant);
    truncated
        .to_zoned_datetime(TimeZone::UTC)
        .strftime("%Y-%m-%dT%H:%M:%S%.3fZ")
        .to_string()
}

/// Now, in the machine's own time zone, with its UTC offset: the moment of a signature.
pub fn now_local() -> String {
    local(&Timestamp::now().to_zoned_datetime(system_zone()))
}

/// The machine's time zone, read once per process. Only its offsets are used (sheets and the
/// status line print offsets and wall-clock times, never a zone name), so on Unix, unless `TZ`
/// names one, `/etc/localtime` is read as the zone itself: asking the system for the zone's
/// name walks the whole zoneinfo tree, which was most of a `session set`'s system time.
pub fn system_zone() -> TimeZone {
    static ZONE: std::sync::OnceLock<TimeZone> = std::sync::OnceLock::new();
    ZONE.get_or_init(|| {
        #[cfg(unix)]
        if std::env::var_os("TZ").is_none()
            && let Some(zone) = std::fs::read("/etc/localtime")
                .ok()
                .and_then(|data| TimeZone::tzif("localtime", &data).ok())
        {
            return zone;
        }
        TimeZone::system()
    })
    .clone()
}

/// A zoned moment with its UTC offset and three digits of milliseconds.
pub fn local(moment: &Zoned) -> String {
    let millis = moment.timestamp().as_millisecond();
    let truncated = Timestamp::from_millisecond(millis)
        .map(|t| t.to_zoned_datetime(moment.time_zone().clone()))
        .unwrap_or_else(|_| moment.clone());
    truncated.strftime(FORMAT).to_string()
}

/// Why a stored timestamp is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("found \"{0}\", expected an RFC 3339 time such as 2026-11-28T08:36:44.437+08:00")]
pub struct BadTimestamp(pub String);

/// Reads a stored timestamp (RFC 3339 with `Z` or an offset).
pub fn parse(text: &str) -> Result<Timestamp, BadTimestamp> {
    let plain = text.len() >= 20
        && text.is_ascii()
        && text.as_bytes().get(10) == Some(&b'T')
        && !text.contains(char::is_whitespace);
    match text.parse::<Timestamp>() {
        Ok(t) if plain => Ok(t),
        _ => Err(BadTimestamp(text.to_string())),
    }
}

/// The calendar date of a timestamp in its own offset (`YYYY-MM-DD`): the signer's date for a
/// signature, the UTC date for a record. Never the reading machine's time zone.
pub fn own_date(text: &str) -> Option<String> {
    parse(text).ok()?;
    text.get(..10).map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn always_three_digits_of_milliseconds() {
        let at = Timestamp::from_millisecond(1_764_290_204_400).expect("instant");
        assert_eq!(utc(at), "2025-11-28T00:36:44.400Z");
        let whole = Timestamp::from_second(1_764_290_204).expect("instant");
        assert_eq!(utc(whole), "2025-11-28T00:36:44.000Z");
        let shanghai = whole.to_zoned_datetime(TimeZone::fixed(jiff::tz::offset(8)));
        assert_eq!(local(&shanghai), "2025-11-28T08:36:44.000+08:00");
        let now = now_utc();
        assert_eq!(now.len(), 24, "{now}");
        assert!(now.ends_with('Z'));
    }

    #[test]
    fn the_date_is_the_signers_own_date_in_every_time_zone() {
        // 23:30 in Nanjing on 28 November is still the 28th there, though UTC says the 28th
        // 15:30 and New York the 28th 10:30; just after midnight in Nanjing UTC is the day before
        assert_eq!(
            own_date("2026-11-29T00:30:00.000+08:00").as_deref(),
            Some("2026-11-29")
        );
        assert_eq!(
            own_date("2026-11-28T16:30:00.000Z").as_deref(),
            Some("2026-11-28")
        );
        assert_eq!(own_date("yesterday"), None);
        assert!(parse("2026-11-28T16:30:00.000Z").is_ok());
        assert!(parse("2026-11-28 16:30:00").is_err());
        assert!(parse("2026-13-28T16:30:00Z").is_err());
    }
}
