//! The S13/S13' application (3GPP TS 29.272 §6), vendor 10415, between an
//! MME (S13) or SGSN (S13') and the EIR: the ME identity check of §6.2.1.
//!
//! It defines no AVPs of its own: Terminal-Information with IMEI,
//! Software-Version and 3GPP2-MEID, and Equipment-Status, are TS 29.272
//! §7.3 AVPs that [`super::s6a`] holds. Its one command, ECR/ECA, has its
//! grammar in `grammars::s13`.

/// The S13/S13' dictionary (TS 29.272 §6): its application and ECR/ECA.
/// It names AVPs of [`super::base`] and [`super::s6a`], so a set with S13
/// holds those too ([`super::ALL`]).
pub static DICTIONARY: super::Dictionary = super::Dictionary::new(super::Parts {
    name: "s13",
    applications: &[super::Application {
        id: super::application::S13,
        name: "3GPP S13/S13'",
    }],
    commands: super::grammars::s13::COMMANDS,
    ..super::Parts::EMPTY
});
