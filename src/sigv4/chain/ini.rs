//! The shared credentials and config files: AWS's INI dialect.

use std::collections::BTreeMap;
use std::path::Path;

/// One section's settings, keys lower-cased.
pub type Settings = BTreeMap<String, String>;

/// Profiles (or, for [`sso_sessions`], sessions) by name.
pub type Profiles = BTreeMap<String, Settings>;

/// The largest shared credentials or config file read (1 MiB; real ones are
/// a few KB).
pub const MAX_INI_BYTES: usize = 1 << 20;

/// Reads an AWS INI file's sections by their raw headers. An unreadable or
/// missing file is `None`, and so is one over [`MAX_INI_BYTES`]: it is read
/// through the one bounded reader, so a link to an endless file
/// (`/dev/zero`) costs bounded memory.
pub fn read_sections(path: &Path) -> Option<Profiles> {
    let file = std::fs::File::open(path).ok()?;
    let bytes = crate::load::read_bounded(file, MAX_INI_BYTES).ok()?;
    if bytes.len() > MAX_INI_BYTES {
        return None;
    }
    let text = String::from_utf8(bytes).ok()?;
    Some(parse_sections(&text))
}

/// The profiles of a file's sections. In the config file a profile is
/// `[profile NAME]` (and `[default]`); in the credentials file `[NAME]`.
pub fn profiles(sections: &Profiles, config: bool) -> Profiles {
    sections
        .iter()
        .filter_map(|(header, settings)| {
            let name = if !config || header == "default" {
                Some(header.clone())
            } else {
                header
                    .strip_prefix("profile")
                    .filter(|rest| rest.starts_with([' ', '\t']))
                    .map(|rest| rest.trim().to_owned())
            };
            name.map(|name| (name, settings.clone()))
        })
        .collect()
}

/// The config file's `[sso-session NAME]` sections, by name.
pub fn sso_sessions(sections: &Profiles) -> Profiles {
    sections
        .iter()
        .filter_map(|(header, settings)| {
            header
                .strip_prefix("sso-session")
                .filter(|rest| rest.starts_with([' ', '\t']))
                .map(|rest| (rest.trim().to_owned(), settings.clone()))
        })
        .collect()
}

/// Parses an AWS INI file's text into profiles (see [`profiles`]).
pub fn parse_ini(text: &str, config: bool) -> Profiles {
    profiles(&parse_sections(text), config)
}

/// Parses an AWS INI file's text into sections by their trimmed headers.
/// Indented lines (the nested `s3 =` settings) and comments are skipped.
pub fn parse_sections(text: &str) -> Profiles {
    let mut sections: Profiles = BTreeMap::new();
    let mut current: Option<String> = None;
    for line in text.lines() {
        if line.starts_with([' ', '\t']) {
            continue;
        }
        let line = line.trim();
        if line.is_empty() || line.starts_with(['#', ';']) {
            continue;
        }
        if let Some(section) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            let name = section.trim().to_owned();
            sections.entry(name.clone()).or_default();
            current = Some(name);
            continue;
        }
        if let (Some(name), Some((key, value))) = (&current, line.split_once('=')) {
            let value = value.trim();
            // An inline comment needs a space before it, as botocore reads.
            let value = value
                .split_once(" #")
                .or_else(|| value.split_once(" ;"))
                .map_or(value, |(v, _)| v.trim_end());
            sections
                .entry(name.clone())
                .or_default()
                .insert(key.trim().to_ascii_lowercase(), value.to_owned());
        }
    }
    sections
}

/// A setting's value, when present and not empty.
pub fn get<'a>(settings: Option<&'a Settings>, key: &str) -> Option<&'a str> {
    settings
        .and_then(|s| s.get(key))
        .map(String::as_str)
        .filter(|v| !v.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profiles_and_sessions() {
        let text = "[default]\nregion = us-east-1\n[profile dev]\nsso_session = corp\n[sso-session corp]\nsso_start_url = https://x.awsapps.com/start\n[profileless]\na = b\n";
        let sections = parse_sections(text);
        let config = profiles(&sections, true);
        assert_eq!(config.keys().collect::<Vec<_>>(), ["default", "dev"]);
        let sessions = sso_sessions(&sections);
        assert_eq!(
            get(sessions.get("corp"), "sso_start_url"),
            Some("https://x.awsapps.com/start")
        );
        // In the credentials file every header is a profile name.
        assert!(parse_ini(text, false).contains_key("profile dev"));
    }
}
