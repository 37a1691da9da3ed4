//! The dictionaries the tools use: core's [`dict::ALL`] plus the Wireshark
//! XML dictionaries loaded with `--dict FILE` ([`xml`]).
//!
//! Loaded definitions are parsed once, at start, into core's own shapes
//! ([`AvpDef`], [`CommandDef`], [`Application`]), whose strings and tables
//! are leaked to get the `'static` lifetime the decoder and the validator
//! already work with. That memory lives as long as the process anyway
//! (a tool loads its files once and exits), so leaking is both the
//! simplest and a correct choice: no second, owned representation and no
//! lifetimes threaded through the decoder. [`install`] puts them in a
//! process-wide [`Runtime`], which [`runtime`] returns.
//!
//! Built-in definitions win: a loaded AVP whose (Vendor-ID, code) or
//! whose name core already defines is ignored, as is a command core
//! already defines for the same application.

pub mod xml;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::OnceLock;

use diameter_core::dict::{self, command, Application, AvpDef, CommandDef};

/// Definitions loaded from files, before they join the built-in ones.
#[derive(Debug, Default)]
pub struct Loaded {
    /// AVP definitions.
    pub avps: Vec<&'static AvpDef>,
    /// Applications.
    pub applications: Vec<Application>,
    /// Commands.
    pub commands: Vec<CommandDef>,
    /// Vendor-IDs by the names `<vendor>` elements give them.
    pub vendors: HashMap<String, u32>,
}

/// The built-in dictionaries and the loaded ones, indexed.
#[derive(Debug, Default)]
pub struct Runtime {
    by_code: HashMap<(u32, u32), &'static AvpDef>,
    by_name: HashMap<&'static str, &'static AvpDef>,
    applications: Vec<Application>,
    commands: Vec<CommandDef>,
}

static RUNTIME: OnceLock<Runtime> = OnceLock::new();

/// Loads the Wireshark XML dictionary `files`, in order, and makes them
/// the process's [`runtime`] dictionaries beside the built-in ones.
///
/// # Errors
/// A file cannot be read or is not a dictionary ([`xml::load`]), or
/// dictionaries were installed already.
pub fn install(files: &[PathBuf]) -> Result<&'static Runtime, String> {
    let mut loaded = Loaded::default();
    for file in files {
        xml::load_file(file, &mut loaded)?;
    }
    RUNTIME
        .set(Runtime::new(loaded))
        .map_err(|_| "dictionaries are loaded once".to_string())?;
    Ok(runtime())
}

/// The process's dictionaries: those [`install`]ed, or the built-in ones.
pub fn runtime() -> &'static Runtime {
    RUNTIME.get_or_init(|| Runtime::new(Loaded::default()))
}

impl Runtime {
    /// The built-in dictionaries with `loaded` added.
    pub fn new(loaded: Loaded) -> Self {
        let mut rt = Self::default();
        for def in dict::ALL.avps().chain(loaded.avps) {
            rt.by_code.entry((def.code, def.vendor_id)).or_insert(def);
            rt.by_name.entry(def.name).or_insert(def);
        }
        let built_in = dict::ALL.iter().flat_map(|d| d.applications()).copied();
        for app in built_in.chain(loaded.applications) {
            if !rt.applications.iter().any(|a| a.id == app.id) {
                rt.applications.push(app);
            }
        }
        for c in command::COMMANDS.iter().copied().chain(loaded.commands) {
            let known = |k: &CommandDef| k.code == c.code && k.application_id == c.application_id;
            if !rt.commands.iter().any(known) {
                rt.commands.push(c);
            }
        }
        rt
    }

    /// The definition of AVP `code` from `vendor_id` (0 for IETF AVPs).
    pub fn avp(&self, code: u32, vendor_id: u32) -> Option<&'static AvpDef> {
        self.by_code.get(&(code, vendor_id)).copied()
    }

    /// The definition of the AVP named `name`, or the nearest name as an
    /// error message.
    ///
    /// # Errors
    /// No AVP has that name.
    pub fn avp_named(&self, name: &str) -> Result<&'static AvpDef, String> {
        self.by_name
            .get(name)
            .copied()
            .ok_or_else(|| unknown("AVP", name, self.by_name.keys().copied()))
    }

    /// The command `code` of `application_id`, or failing that the one of
    /// any application (as [`command::find`]).
    pub fn command(&self, code: u32, application_id: u32) -> Option<&CommandDef> {
        let of = |c: &&CommandDef| c.code == code;
        (self.commands.iter().filter(of))
            .find(|c| c.application_id == application_id)
            .or_else(|| self.commands.iter().find(of))
    }

    /// The command of `application_id` (or of the common messages, usable
    /// by any) named `name`: its abbreviation ("CCR"), request name or
    /// name without "-Request" (any case), or its code.
    ///
    /// # Errors
    /// No such command, with the nearest name.
    pub fn command_named(&self, application_id: u32, name: &str) -> Result<&CommandDef, String> {
        let candidates = || {
            let of = |c: &&CommandDef| c.application_id == application_id;
            let common = |c: &&CommandDef| c.application_id == dict::application::COMMON;
            (self.commands.iter().filter(of)).chain(self.commands.iter().filter(common))
        };
        let matches = |c: &&CommandDef| {
            name.parse() == Ok(c.code)
                || name.eq_ignore_ascii_case(c.request_abbrev)
                || name.eq_ignore_ascii_case(c.request_name)
                || c.request_name
                    .strip_suffix("-Request")
                    .is_some_and(|n| n.eq_ignore_ascii_case(name))
        };
        candidates().find(matches).ok_or_else(|| {
            let names = candidates().flat_map(|c| [c.request_abbrev, c.request_name]);
            unknown("command", name, names)
        })
    }

    /// The application named `name`: its id, its name, a word of its name
    /// ("Gx" of "3GPP Gx", "S6d" of "3GPP S6a/S6d"), "Gy"/"Ro", which
    /// run credit control (TS 32.299, RFC 8506 §12.1), or "Rf", which runs
    /// base accounting (TS 32.299 §6); any case.
    ///
    /// # Errors
    /// No such application, with the nearest name.
    pub fn application_named(&self, name: &str) -> Result<Application, String> {
        if let Ok(id) = name.parse::<u32>() {
            let app = self.applications.iter().find(|a| a.id == id);
            return Ok(app.copied().unwrap_or(Application { id, name: "" }));
        }
        if ["gy", "ro"].iter().any(|n| n.eq_ignore_ascii_case(name)) {
            return self.application_named(&dict::application::GY.to_string());
        }
        if name.eq_ignore_ascii_case("rf") {
            return self.application_named(&dict::application::BASE_ACCOUNTING.to_string());
        }
        let words = |a: &Application| {
            let words = a.name.split([' ', '/']).filter(|w| !w.is_empty());
            std::iter::once(a.name).chain(words).collect::<Vec<_>>()
        };
        (self.applications.iter())
            .find(|a| words(a).iter().any(|w| w.eq_ignore_ascii_case(name)))
            .copied()
            .ok_or_else(|| {
                let names: Vec<_> = self.applications.iter().flat_map(words).collect();
                unknown("application", name, names)
            })
    }
}

/// "unknown KIND NAME", with the nearest of `names` when one is near
/// enough to be a typo (Jaro-Winkler similarity, any case).
pub fn unknown<'n>(kind: &str, name: &str, names: impl IntoIterator<Item = &'n str>) -> String {
    let score = |n: &str| strsim::jaro_winkler(&n.to_ascii_lowercase(), &name.to_ascii_lowercase());
    let nearest = (names.into_iter())
        .map(|n| (score(n), n))
        .filter(|&(s, _)| s >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0));
    match nearest {
        Some((_, n)) => format!("unknown {kind} {name:?}; did you mean {n:?}?"),
        None => format!("unknown {kind} {name:?}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_resolve_and_typos_suggest() {
        let rt = Runtime::new(Loaded::default());
        assert_eq!(rt.avp_named("Session-Id").map(|d| d.code), Ok(263));
        assert_eq!(
            rt.avp_named("Sesion-Id"),
            Err(r#"unknown AVP "Sesion-Id"; did you mean "Session-Id"?"#.into())
        );
        let gx = rt.application_named("gx").unwrap();
        assert_eq!(gx.id, dict::application::GX);
        assert_eq!(rt.application_named("Gy").map(|a| a.id), Ok(4));
        let ccr = rt.command_named(gx.id, "CCR").unwrap();
        assert_eq!((ccr.code, ccr.application_id), (272, gx.id));
        assert_eq!(
            rt.command_named(4, "credit-control").map(|c| c.code),
            Ok(272)
        );
        assert_eq!(rt.command_named(4, "STR").map(|c| c.code), Ok(275));
        assert!(rt
            .command_named(4, "CCX")
            .unwrap_err()
            .contains("did you mean \"CCR\""));
    }

    /// Every application of [`dict::ALL`] is found by the words of its
    /// name, and so are its commands by their abbreviations.
    #[test]
    fn core_applications_resolve_by_name() {
        let rt = Runtime::new(Loaded::default());
        let cases: &[(&str, u32, &[&str])] = &[
            (
                "Cx",
                dict::application::CX,
                &["UAR", "SAR", "LIR", "MAR", "RTR", "PPR"],
            ),
            ("Dx", dict::application::CX, &["UAR"]),
            ("S13", dict::application::S13, &["ECR"]),
            ("Sh", dict::application::SH, &["UDR", "PUR", "SNR", "PNR"]),
            ("Rf", dict::application::BASE_ACCOUNTING, &["ACR"]),
            ("SWx", dict::application::SWX, &["MAR", "SAR", "RTR", "PPR"]),
            ("Sy", dict::application::SY, &["SLR", "SNR"]),
            ("Accounting", dict::application::BASE_ACCOUNTING, &["ACR"]),
            ("S13'", dict::application::S13, &["ECR"]),
        ];
        for &(name, id, commands) in cases {
            assert_eq!(rt.application_named(name).map(|a| a.id), Ok(id), "{name}");
            for abbrev in commands {
                let c = rt.command_named(id, abbrev).unwrap();
                assert_eq!((c.request_abbrev, c.application_id), (*abbrev, id));
            }
        }
    }
}
