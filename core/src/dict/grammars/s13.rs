//! The grammar of the S13/S13' application's one command,
//! ME-Identity-Check (3GPP TS 29.272 §7.2.19, §7.2.20; the procedure is
//! §6.2.1). DRMP, which the CCFs also name, is admitted through
//! `*[ AVP ]` without the M bit, like any unknown AVP.

use crate::dict::application as app;
use crate::dict::base::*;
use crate::dict::command as cmd;
use crate::dict::grammar::{CommandGrammar, Grammar, Rule};
use crate::dict::s6a::{EQUIPMENT_STATUS, TERMINAL_INFORMATION};

/// ECR/ECA of application 16777252.
pub static COMMANDS: &[CommandGrammar] = &[CommandGrammar {
    code: cmd::ME_IDENTITY_CHECK,
    application_id: Some(app::S13),
    proxiable: true,
    // TS 29.272 §7.2.19 ME-Identity-Check-Request.
    request: Grammar::open(&[
        Rule::fixed(&SESSION_ID),
        Rule::optional(&VENDOR_SPECIFIC_APPLICATION_ID),
        Rule::required(&AUTH_SESSION_STATE),
        Rule::required(&ORIGIN_HOST),
        Rule::required(&ORIGIN_REALM),
        Rule::optional(&DESTINATION_HOST),
        Rule::required(&DESTINATION_REALM),
        Rule::required(&TERMINAL_INFORMATION),
        Rule::optional(&USER_NAME),
        Rule::any(&PROXY_INFO),
        Rule::any(&ROUTE_RECORD),
    ]),
    // TS 29.272 §7.2.20 ME-Identity-Check-Answer.
    answer: Grammar::open(&[
        Rule::fixed(&SESSION_ID),
        Rule::optional(&VENDOR_SPECIFIC_APPLICATION_ID),
        Rule::optional(&RESULT_CODE),
        Rule::optional(&EXPERIMENTAL_RESULT),
        Rule::required(&AUTH_SESSION_STATE),
        Rule::required(&ORIGIN_HOST),
        Rule::required(&ORIGIN_REALM),
        Rule::optional(&EQUIPMENT_STATUS),
        Rule::optional(&FAILED_AVP),
        Rule::any(&PROXY_INFO),
        Rule::any(&ROUTE_RECORD),
    ]),
}];
