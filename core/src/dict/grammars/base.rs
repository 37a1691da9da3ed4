//! Grammars of the base protocol commands and Grouped AVPs (RFC 6733 §5, §6, §7, §8, §9).

use crate::dict::application as app;
use crate::dict::base::*;
use crate::dict::command as cmd;
use crate::dict::grammar::{CommandGrammar, Grammar, GroupGrammar, Rule};
use crate::dict::AvpDef;

/// Base protocol Enumerated AVPs whose specifications list every legal
/// value, so that any other value is answered 5004
/// DIAMETER_INVALID_AVP_VALUE (RFC 6733 §5.4.3, §8.7, §8.11, §8.12, §9.8.1).
pub static CLOSED_ENUMS: &[&AvpDef] = &[
    &DISCONNECT_CAUSE,
    &AUTH_REQUEST_TYPE,
    &AUTH_SESSION_STATE,
    &RE_AUTH_REQUEST_TYPE,
    &ACCOUNTING_RECORD_TYPE,
];

/// `<answer-message>`: any answer with the E bit set (RFC 6733 §7.2).
pub static ERROR_ANSWER: Grammar = Grammar::open(&[
    Rule::bounded(&SESSION_ID, 0, 1),
    Rule::required(&ORIGIN_HOST),
    Rule::required(&ORIGIN_REALM),
    Rule::required(&RESULT_CODE),
    Rule::optional(&ORIGIN_STATE_ID),
    Rule::optional(&ERROR_MESSAGE),
    Rule::optional(&ERROR_REPORTING_HOST),
    Rule::optional(&FAILED_AVP),
    Rule::optional(&EXPERIMENTAL_RESULT),
    Rule::any(&PROXY_INFO),
]);

/// Rules shared by CER and CEA after their identities (RFC 6733 §5.3.1, §5.3.2).
macro_rules! capabilities {
    ($($first:expr,)*) => {
        &[
            $($first,)*
            Rule::required(&ORIGIN_HOST),
            Rule::required(&ORIGIN_REALM),
            Rule::at_least_once(&HOST_IP_ADDRESS),
            Rule::required(&VENDOR_ID),
            Rule::required(&PRODUCT_NAME),
            Rule::optional(&ORIGIN_STATE_ID),
            Rule::optional(&ERROR_MESSAGE),
            Rule::optional(&FAILED_AVP),
            Rule::any(&SUPPORTED_VENDOR_ID),
            Rule::any(&AUTH_APPLICATION_ID),
            Rule::any(&INBAND_SECURITY_ID),
            Rule::any(&ACCT_APPLICATION_ID),
            Rule::any(&VENDOR_SPECIFIC_APPLICATION_ID),
            Rule::optional(&FIRMWARE_REVISION),
        ]
    };
}

/// The base protocol's commands.
pub static COMMANDS: &[CommandGrammar] = &[
    // RFC 6733 §5.3.1 CER, §5.3.2 CEA. Error-Message and Failed-AVP are CEA
    // only; CER grammar admits them through `* [ AVP ]` anyway.
    CommandGrammar {
        code: cmd::CAPABILITIES_EXCHANGE,
        application_id: Some(app::COMMON),
        proxiable: false,
        request: Grammar::open(capabilities!()),
        answer: Grammar::open(capabilities!(Rule::required(&RESULT_CODE),)),
    },
    // RFC 6733 §5.5.1 DWR, §5.5.2 DWA.
    CommandGrammar {
        code: cmd::DEVICE_WATCHDOG,
        application_id: Some(app::COMMON),
        proxiable: false,
        request: Grammar::open(&[
            Rule::required(&ORIGIN_HOST),
            Rule::required(&ORIGIN_REALM),
            Rule::optional(&ORIGIN_STATE_ID),
        ]),
        answer: Grammar::open(&[
            Rule::required(&RESULT_CODE),
            Rule::required(&ORIGIN_HOST),
            Rule::required(&ORIGIN_REALM),
            Rule::optional(&ERROR_MESSAGE),
            Rule::optional(&FAILED_AVP),
            Rule::optional(&ORIGIN_STATE_ID),
        ]),
    },
    // RFC 6733 §5.4.1 DPR, §5.4.2 DPA.
    CommandGrammar {
        code: cmd::DISCONNECT_PEER,
        application_id: Some(app::COMMON),
        proxiable: false,
        request: Grammar::open(&[
            Rule::required(&ORIGIN_HOST),
            Rule::required(&ORIGIN_REALM),
            Rule::required(&DISCONNECT_CAUSE),
        ]),
        answer: Grammar::open(&[
            Rule::required(&RESULT_CODE),
            Rule::required(&ORIGIN_HOST),
            Rule::required(&ORIGIN_REALM),
            Rule::optional(&ERROR_MESSAGE),
            Rule::optional(&FAILED_AVP),
        ]),
    },
    // RFC 6733 §8.3.1 RAR, §8.3.2 RAA.
    CommandGrammar {
        code: 258,
        application_id: None,
        proxiable: true,
        request: Grammar::open(&[
            Rule::fixed(&SESSION_ID),
            Rule::required(&ORIGIN_HOST),
            Rule::required(&ORIGIN_REALM),
            Rule::required(&DESTINATION_REALM),
            Rule::required(&DESTINATION_HOST),
            Rule::required(&AUTH_APPLICATION_ID),
            Rule::required(&RE_AUTH_REQUEST_TYPE),
            Rule::optional(&USER_NAME),
            Rule::optional(&ORIGIN_STATE_ID),
            Rule::any(&PROXY_INFO),
            Rule::any(&ROUTE_RECORD),
        ]),
        answer: SESSION_ANSWER,
    },
    // RFC 6733 §8.4.1 STR, §8.4.2 STA.
    CommandGrammar {
        code: 275,
        application_id: None,
        proxiable: true,
        request: Grammar::open(&[
            Rule::fixed(&SESSION_ID),
            Rule::required(&ORIGIN_HOST),
            Rule::required(&ORIGIN_REALM),
            Rule::required(&DESTINATION_REALM),
            Rule::required(&AUTH_APPLICATION_ID),
            Rule::required(&TERMINATION_CAUSE),
            Rule::optional(&USER_NAME),
            Rule::optional(&DESTINATION_HOST),
            Rule::any(&CLASS),
            Rule::optional(&ORIGIN_STATE_ID),
            Rule::any(&PROXY_INFO),
            Rule::any(&ROUTE_RECORD),
        ]),
        answer: SESSION_ANSWER,
    },
    // RFC 6733 §8.5.1 ASR, §8.5.2 ASA.
    CommandGrammar {
        code: 274,
        application_id: None,
        proxiable: true,
        request: Grammar::open(&[
            Rule::fixed(&SESSION_ID),
            Rule::required(&ORIGIN_HOST),
            Rule::required(&ORIGIN_REALM),
            Rule::required(&DESTINATION_REALM),
            Rule::required(&DESTINATION_HOST),
            Rule::required(&AUTH_APPLICATION_ID),
            Rule::optional(&USER_NAME),
            Rule::optional(&ORIGIN_STATE_ID),
            Rule::any(&PROXY_INFO),
            Rule::any(&ROUTE_RECORD),
        ]),
        answer: SESSION_ANSWER,
    },
    // RFC 6733 §9.7.1 ACR, §9.7.2 ACA.
    CommandGrammar {
        code: 271,
        application_id: None,
        proxiable: true,
        request: Grammar::open(&[
            Rule::fixed(&SESSION_ID),
            Rule::required(&ORIGIN_HOST),
            Rule::required(&ORIGIN_REALM),
            Rule::required(&DESTINATION_REALM),
            Rule::required(&ACCOUNTING_RECORD_TYPE),
            Rule::required(&ACCOUNTING_RECORD_NUMBER),
            Rule::optional(&ACCT_APPLICATION_ID),
            Rule::optional(&VENDOR_SPECIFIC_APPLICATION_ID),
            Rule::optional(&USER_NAME),
            Rule::optional(&DESTINATION_HOST),
            Rule::optional(&ACCOUNTING_SUB_SESSION_ID),
            Rule::optional(&ACCT_SESSION_ID),
            Rule::optional(&ACCT_MULTI_SESSION_ID),
            Rule::optional(&ACCT_INTERIM_INTERVAL),
            Rule::optional(&ACCOUNTING_REALTIME_REQUIRED),
            Rule::optional(&ORIGIN_STATE_ID),
            Rule::optional(&EVENT_TIMESTAMP),
            Rule::any(&PROXY_INFO),
            Rule::any(&ROUTE_RECORD),
        ]),
        answer: Grammar::open(&[
            Rule::fixed(&SESSION_ID),
            Rule::required(&RESULT_CODE),
            Rule::required(&ORIGIN_HOST),
            Rule::required(&ORIGIN_REALM),
            Rule::required(&ACCOUNTING_RECORD_TYPE),
            Rule::required(&ACCOUNTING_RECORD_NUMBER),
            Rule::optional(&ACCT_APPLICATION_ID),
            Rule::optional(&VENDOR_SPECIFIC_APPLICATION_ID),
            Rule::optional(&USER_NAME),
            Rule::optional(&ACCOUNTING_SUB_SESSION_ID),
            Rule::optional(&ACCT_SESSION_ID),
            Rule::optional(&ACCT_MULTI_SESSION_ID),
            Rule::optional(&ERROR_MESSAGE),
            Rule::optional(&ERROR_REPORTING_HOST),
            Rule::optional(&FAILED_AVP),
            Rule::optional(&ACCT_INTERIM_INTERVAL),
            Rule::optional(&ACCOUNTING_REALTIME_REQUIRED),
            Rule::optional(&ORIGIN_STATE_ID),
            Rule::optional(&EVENT_TIMESTAMP),
            Rule::any(&PROXY_INFO),
        ]),
    },
];

/// RAA, STA and ASA share one CCF (RFC 6733 §8.3.2, §8.4.2, §8.5.2); the
/// `* [ Class ]` and `[ User-Name ]` of STA are admitted by all three.
const SESSION_ANSWER: Grammar = Grammar::open(&[
    Rule::fixed(&SESSION_ID),
    Rule::required(&RESULT_CODE),
    Rule::required(&ORIGIN_HOST),
    Rule::required(&ORIGIN_REALM),
    Rule::optional(&USER_NAME),
    Rule::any(&CLASS),
    Rule::optional(&ORIGIN_STATE_ID),
    Rule::optional(&ERROR_MESSAGE),
    Rule::optional(&ERROR_REPORTING_HOST),
    Rule::optional(&FAILED_AVP),
    Rule::any(&REDIRECT_HOST),
    Rule::optional(&REDIRECT_HOST_USAGE),
    Rule::optional(&REDIRECT_MAX_CACHE_TIME),
    Rule::any(&PROXY_INFO),
]);

/// The base protocol's Grouped AVPs.
pub static GROUPS: &[GroupGrammar] = &[
    // RFC 6733 §6.11.
    GroupGrammar {
        avp: &VENDOR_SPECIFIC_APPLICATION_ID,
        grammar: Grammar::closed(&[
            Rule::required(&VENDOR_ID),
            Rule::optional(&AUTH_APPLICATION_ID),
            Rule::optional(&ACCT_APPLICATION_ID),
        ]),
    },
    // RFC 6733 §6.7.2.
    GroupGrammar {
        avp: &PROXY_INFO,
        grammar: Grammar::open(&[Rule::required(&PROXY_HOST), Rule::required(&PROXY_STATE)]),
    },
    // RFC 6733 §7.6.
    GroupGrammar {
        avp: &EXPERIMENTAL_RESULT,
        grammar: Grammar::closed(&[
            Rule::required(&VENDOR_ID),
            Rule::required(&EXPERIMENTAL_RESULT_CODE),
        ]),
    },
];
