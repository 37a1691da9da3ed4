//! Grammars of the Sy application (3GPP TS 29.219 §5.6) and of its
//! Grouped AVPs (§5.3). DRMP and SN-Request-Type, which the CCFs also name,
//! are admitted through `*[ AVP ]` without the M bit, like any unknown AVP,
//! and the DOIC AVPs the same way (see `doic`).

use crate::dict::application as app;
use crate::dict::base::*;
use crate::dict::cc::SUBSCRIPTION_ID;
use crate::dict::command as cmd;
use crate::dict::grammar::{CommandGrammar, Grammar, GroupGrammar, Rule};
use crate::dict::s6a::SUPPORTED_FEATURES;
use crate::dict::sy::*;

/// The Sy commands: SLR/SLA and SNR/SNA of application 16777302.
pub static COMMANDS: &[CommandGrammar] = &[
    CommandGrammar {
        code: cmd::SPENDING_LIMIT,
        application_id: Some(app::SY),
        proxiable: true,
        // TS 29.219 §5.6.2 Spending-Limit-Request.
        request: Grammar::open(&[
            Rule::fixed(&SESSION_ID),
            Rule::required(&AUTH_APPLICATION_ID),
            Rule::required(&ORIGIN_HOST),
            Rule::required(&ORIGIN_REALM),
            Rule::required(&DESTINATION_REALM),
            Rule::optional(&DESTINATION_HOST),
            Rule::optional(&ORIGIN_STATE_ID),
            Rule::required(&SL_REQUEST_TYPE),
            Rule::any(&SUBSCRIPTION_ID),
            Rule::any(&POLICY_COUNTER_IDENTIFIER),
            Rule::any(&SUPPORTED_FEATURES),
            Rule::any(&PROXY_INFO),
            Rule::any(&ROUTE_RECORD),
        ]),
        // TS 29.219 §5.6.3 Spending-Limit-Answer.
        answer: Grammar::open(&[
            Rule::fixed(&SESSION_ID),
            Rule::required(&ORIGIN_HOST),
            Rule::required(&ORIGIN_REALM),
            Rule::optional(&RESULT_CODE),
            Rule::optional(&EXPERIMENTAL_RESULT),
            Rule::any(&POLICY_COUNTER_STATUS_REPORT),
            Rule::optional(&ERROR_MESSAGE),
            Rule::optional(&ERROR_REPORTING_HOST),
            Rule::any(&FAILED_AVP),
            Rule::any(&SUPPORTED_FEATURES),
            Rule::any(&PROXY_INFO),
            Rule::any(&ROUTE_RECORD),
        ]),
    },
    CommandGrammar {
        code: cmd::SPENDING_STATUS_NOTIFICATION,
        application_id: Some(app::SY),
        proxiable: true,
        // TS 29.219 §5.6.4 Spending-Status-Notification-Request.
        request: Grammar::open(&[
            Rule::fixed(&SESSION_ID),
            Rule::required(&AUTH_APPLICATION_ID),
            Rule::required(&ORIGIN_HOST),
            Rule::required(&ORIGIN_REALM),
            Rule::required(&DESTINATION_REALM),
            Rule::required(&DESTINATION_HOST),
            Rule::optional(&ORIGIN_STATE_ID),
            Rule::any(&POLICY_COUNTER_STATUS_REPORT),
            Rule::any(&SUPPORTED_FEATURES),
            Rule::any(&PROXY_INFO),
            Rule::any(&ROUTE_RECORD),
        ]),
        // TS 29.219 §5.6.5 Spending-Status-Notification-Answer.
        answer: Grammar::open(&[
            Rule::fixed(&SESSION_ID),
            Rule::required(&ORIGIN_HOST),
            Rule::required(&ORIGIN_REALM),
            Rule::optional(&RESULT_CODE),
            Rule::optional(&EXPERIMENTAL_RESULT),
            Rule::optional(&ERROR_MESSAGE),
            Rule::optional(&ERROR_REPORTING_HOST),
            Rule::any(&FAILED_AVP),
            Rule::optional(&ORIGIN_STATE_ID),
            Rule::any(&SUPPORTED_FEATURES),
            Rule::any(&PROXY_INFO),
        ]),
    },
];

/// The grammars of the Sy Grouped AVPs.
pub static GROUPS: &[GroupGrammar] = &[
    // TS 29.219 §5.3.3.
    GroupGrammar::new(
        &POLICY_COUNTER_STATUS_REPORT,
        Grammar::open(&[
            Rule::required(&POLICY_COUNTER_IDENTIFIER),
            Rule::required(&POLICY_COUNTER_STATUS),
            Rule::any(&PENDING_POLICY_COUNTER_INFORMATION),
        ]),
    ),
    // TS 29.219 §5.3.5.
    GroupGrammar::new(
        &PENDING_POLICY_COUNTER_INFORMATION,
        Grammar::open(&[
            Rule::required(&POLICY_COUNTER_STATUS),
            Rule::required(&PENDING_POLICY_COUNTER_CHANGE_TIME),
        ]),
    ),
];
