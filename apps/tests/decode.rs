//! `diameter decode`, run as a program on real captures and messages.
//!
//! Expected values were cross-checked against `tshark -V` on the same files.

use std::io::Write;
use std::process::{Command, Output, Stdio};

use serde_json::{json, Value};

const CCR: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/ccr-u-1mscc.bin"
);
const S6A_ULR: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/bromelia-s6a-diameter-class.pcap"
);
const S6A_ULR_NG: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/bromelia-s6a-diameter-class.pcapng"
);
const S6A_CLR: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/bromelia-s6a-bromelia-class.pcap"
);

/// Runs `diameter` with `args`, feeding `stdin`.
fn diameter(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_diameter"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    child.wait_with_output().unwrap()
}

/// Runs `diameter decode --json` and parses its lines, asserting success.
fn decode_json(args: &[&str], stdin: &[u8]) -> Vec<Value> {
    let out = diameter(&[&["decode", "--json"][..], args].concat(), stdin);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).unwrap()
}

/// The AVP named `name` among `avps`.
fn avp<'a>(avps: &'a Value, name: &str) -> &'a Value {
    avps.as_array()
        .unwrap()
        .iter()
        .find(|a| a["name"] == name)
        .unwrap_or_else(|| panic!("no {name} in {avps}"))
}

/// (command, request flag) of each message.
fn commands(lines: &[Value]) -> Vec<(String, bool)> {
    lines
        .iter()
        .map(|m| {
            (
                m["command"].as_str().unwrap().to_owned(),
                m["request"].as_bool().unwrap(),
            )
        })
        .collect()
}

#[test]
fn ccr_as_json_has_the_exact_fields() {
    let lines = decode_json(&[CCR], b"");
    assert_eq!(lines.len(), 1);
    let m = &lines[0];
    for (key, value) in [
        ("command_code", json!(272)),
        ("command", json!("Credit-Control-Request")),
        ("request", json!(true)),
        ("proxiable", json!(false)),
        ("error", json!(false)),
        ("retransmit", json!(false)),
        ("application_id", json!(4)),
        ("hop_by_hop", json!(0x1000_0002)),
        ("end_to_end", json!(0x2000_0002)),
        ("length", json!(348)),
    ] {
        assert_eq!(m[key], value, "{key}");
    }
    let avps = &m["avps"];
    assert_eq!(avps.as_array().unwrap().len(), 11);
    assert_eq!(
        avps[0],
        json!({"code": 263, "mandatory": true, "protected": false, "name": "Session-Id",
            "type": "UTF8String", "value": "gy.test.example.com;1;1"})
    );
    assert_eq!(
        avp(avps, "CC-Request-Type"),
        &json!({"code": 416, "mandatory": true, "protected": false, "name": "CC-Request-Type",
            "type": "Enumerated", "value": 2, "enum": "UPDATE_REQUEST"})
    );
    assert_eq!(avp(avps, "Event-Timestamp")["value"], 3_957_724_800u32);
    let subscription = &avp(avps, "Subscription-Id")["avps"];
    assert_eq!(
        avp(subscription, "Subscription-Id-Type")["enum"],
        "END_USER_IMSI"
    );

    let mscc = avp(avps, "Multiple-Services-Credit-Control");
    assert_eq!(mscc["type"], "Grouped");
    assert!(mscc.get("value").is_none());
    assert_eq!(avp(&mscc["avps"], "Rating-Group")["value"], 10);
    assert_eq!(
        avp(&mscc["avps"], "Requested-Service-Unit")["avps"],
        json!([])
    );
    let usu = avp(&mscc["avps"], "Used-Service-Unit");
    assert_eq!(
        usu["avps"][0],
        json!({"code": 421, "mandatory": true, "protected": false, "name": "CC-Total-Octets",
            "type": "Unsigned64", "value": 5_000_000})
    );
}

#[test]
fn ccr_as_a_tree() {
    let out = diameter(&["decode", CCR], b"");
    assert!(out.status.success());
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "Credit-Control-Request (272) app 4 [R] hbh=0x10000002 e2e=0x20000002 len=348"
    );
    assert_eq!(
        lines[1],
        "  Session-Id (263) M = \"gy.test.example.com;1;1\""
    );
    assert!(lines.contains(&"  CC-Request-Type (416) M = 2 (UPDATE_REQUEST)"));
    assert!(lines.contains(&"  Multiple-Services-Credit-Control (456) M"));
    assert!(lines.contains(&"      CC-Total-Octets (421) M = 5000000"));
}

#[test]
fn hex_stdin_and_file_inputs_agree() {
    let bytes = std::fs::read(CCR).unwrap();
    let hex: String = bytes
        .chunks(16)
        .map(|row| {
            let words: Vec<String> = row.iter().map(|b| format!("{b:02X}")).collect();
            words.join(" ") + "\n"
        })
        .collect();
    let from_file = decode_json(&[CCR], b"");
    assert_eq!(decode_json(&["--hex", &hex], b""), from_file);
    assert_eq!(decode_json(&[], &bytes), from_file);
    assert_eq!(decode_json(&["-"], &bytes), from_file);
    assert_eq!(decode_json(&[], hex.as_bytes()), from_file);
}

#[test]
fn concatenated_messages_decode_in_order() {
    let ccr = std::fs::read(CCR).unwrap();
    let mut input = ccr.clone();
    // The same request again, with the T (retransmitted) flag.
    input.extend_from_slice(&ccr);
    input[348 + 4] |= 0x10;
    let lines = decode_json(&[], &input);
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["retransmit"], false);
    assert_eq!(lines[1]["retransmit"], true);
    assert_eq!(lines[0]["avps"], lines[1]["avps"]);
}

#[test]
fn truncated_input_fails_with_the_offset() {
    let ccr = std::fs::read(CCR).unwrap();
    let cut = &ccr[..300];

    let text = diameter(&["decode"], cut);
    assert!(!text.status.success());
    assert_eq!(
        stderr(&text),
        "error: message truncated: the message at offset 0 announces 348 bytes, 300 present \
         at offset 300\n"
    );

    let json = diameter(&["decode", "--json"], cut);
    assert!(!json.status.success());
    assert_eq!(
        stdout(&json),
        "{\"error\":\"message truncated: the message at offset 0 announces 348 bytes, \
         300 present\",\"offset\":300}\n"
    );

    let two = [&ccr[..], &ccr[..], &ccr[..10]].concat();
    let out = diameter(&["decode", "--json"], &two);
    assert!(!out.status.success());
    let last = stdout(&out).lines().last().unwrap().to_owned();
    assert_eq!(serde_json::from_str::<Value>(&last).unwrap()["offset"], 706);
}

#[test]
fn bad_framing_fails_with_the_offset() {
    let out = diameter(&["decode", "--json", "--hex", "01 00 00 15 80"], b"");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stdout(&out),
        "{\"error\":\"invalid message length\",\"offset\":1}\n"
    );
}

#[test]
fn s6a_capture_ulr() {
    let lines = decode_json(&[S6A_ULR], b"");
    let expected = [
        ("Capabilities-Exchange-Request", true),
        ("Capabilities-Exchange-Answer", false),
        ("Update-Location-Request", true),
        ("Update-Location-Answer", false),
        ("Disconnect-Peer-Request", true),
        ("Disconnect-Peer-Answer", false),
    ];
    assert_eq!(commands(&lines), expected.map(|(c, r)| (c.to_owned(), r)));
    let codes: Vec<&Value> = lines.iter().map(|m| &m["command_code"]).collect();
    assert_eq!(codes, [257, 257, 316, 316, 282, 282]);

    let cer = &lines[0]["avps"];
    assert_eq!(avp(cer, "Host-IP-Address")["value"], "127.0.0.1");
    assert_eq!(avp(cer, "Product-Name")["value"], "Python bromelia");
    assert_eq!(avp(cer, "Product-Name")["mandatory"], false);
    let ulr = &lines[2];
    assert_eq!(ulr["application_id"], 16_777_251);
    assert_eq!(ulr["hop_by_hop"], 0x3508_0fad);
    assert_eq!(
        avp(&ulr["avps"], "RAT-Type"),
        &json!({"code": 1032, "vendor_id": 10415, "mandatory": true, "protected": false,
            "name": "RAT-Type", "type": "Enumerated", "value": 1004, "enum": "EUTRAN"})
    );
    assert_eq!(avp(&ulr["avps"], "User-Name")["value"], "123456789123456");
    let ula = &lines[3]["avps"];
    assert_eq!(avp(ula, "Result-Code")["value"], 2001);
    let features = &avp(ula, "Supported-Features")["avps"];
    assert_eq!(avp(features, "Feature-List")["value"], 402_653_191);
    assert_eq!(
        avp(&lines[4]["avps"], "Disconnect-Cause")["enum"],
        "REBOOTING"
    );
}

#[test]
fn s6a_capture_clr() {
    let lines = decode_json(&[S6A_CLR], b"");
    let expected = [
        ("Capabilities-Exchange-Request", true),
        ("Capabilities-Exchange-Answer", false),
        ("Cancel-Location-Request", true),
        ("Cancel-Location-Answer", false),
    ];
    assert_eq!(commands(&lines), expected.map(|(c, r)| (c.to_owned(), r)));
    let clr = &lines[2];
    assert_eq!(clr["length"], 348);
    assert_eq!(clr["end_to_end"], 0xb022_b029u32);
    assert_eq!(
        avp(&clr["avps"], "Cancellation-Type"),
        &json!({"code": 1420, "vendor_id": 10415, "mandatory": true, "protected": false,
            "name": "Cancellation-Type", "type": "Enumerated", "value": 2,
            "enum": "SUBSCRIPTION_WITHDRAWAL"})
    );
    assert_eq!(
        avp(&clr["avps"], "Destination-Host")["value"],
        "mme.epc.mynetwork.com"
    );
    let features = &avp(&clr["avps"], "Supported-Features")["avps"];
    assert_eq!(avp(features, "Feature-List")["value"], 134_217_728);
    assert_eq!(avp(features, "Feature-List-ID")["mandatory"], false);
}

#[test]
fn capture_tree_shows_each_flow() {
    let out = diameter(&["decode", S6A_CLR], b"");
    assert!(out.status.success());
    let text = stdout(&out);
    let flows: Vec<&str> = text.lines().filter(|l| l.contains('→')).collect();
    assert_eq!(
        flows,
        [
            "127.0.0.1:54001 → 127.0.0.1:3870",
            "127.0.0.1:3870 → 127.0.0.1:54001",
            "127.0.0.1:3870 → 127.0.0.1:54001",
            "127.0.0.1:54001 → 127.0.0.1:3870",
        ]
    );
    assert!(text.contains(
        "127.0.0.1:3870 → 127.0.0.1:54001\n\
         Cancel-Location-Request (317) app 16777251 [R P] hbh=0x713750d8 e2e=0xb022b029 len=348\n"
    ));
    assert!(text.contains("\n  Cancellation-Type (1420) v=10415 M = 2 (SUBSCRIPTION_WITHDRAWAL)\n"));
    assert!(text.contains("\n    Feature-List (630) v=10415 = 134217728\n"));
}

#[test]
fn pcapng_decodes_like_the_pcap_it_was_made_from() {
    let from_pcapng = decode_json(&[S6A_ULR_NG], b"");
    assert_eq!(from_pcapng.len(), 6);
    assert_eq!(from_pcapng, decode_json(&[S6A_ULR], b""));
}

#[test]
fn usage_and_read_errors() {
    let both = diameter(&["decode", "--hex", "01", CCR], b"");
    assert_eq!(both.status.code(), Some(2));
    let missing = diameter(&["decode", "/nonexistent/capture.pcap"], b"");
    assert_eq!(missing.status.code(), Some(1));
    assert!(stderr(&missing).contains("cannot read /nonexistent/capture.pcap"));
}

#[test]
fn check_passes_a_valid_ccr() {
    let lines = decode_json(&["--check", CCR], b"");
    assert_eq!(lines[0]["check"], json!("ok"));
    // Without --check the schema has no verdict.
    assert!(decode_json(&[CCR], b"")[0].get("check").is_none());
}

#[test]
fn check_names_the_missing_visited_plmn_id_and_fails() {
    // bromelia's ULR lacks Visited-PLMN-Id, which TS 29.272 §7.2.3 requires.
    let out = diameter(&["decode", "--json", "--check", S6A_ULR], b"");
    assert_eq!(out.status.code(), Some(1));
    let lines: Vec<Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let ulr = lines
        .iter()
        .find(|l| l["command"] == "Update-Location-Request")
        .unwrap();
    assert_eq!(
        ulr["check"],
        json!({"result_code": 5005, "name": "DIAMETER_MISSING_AVP",
               "avp": {"code": 1407, "vendor_id": 10415}, "offset": 196})
    );
    let others: Vec<&Value> = lines
        .iter()
        .filter(|l| l["command"] != "Update-Location-Request")
        .collect();
    assert_eq!(others.len(), 5);
    assert!(others.iter().all(|l| l["check"] == "ok"));

    let text = diameter(&["decode", "--check", S6A_ULR], b"");
    assert_eq!(text.status.code(), Some(1));
    assert!(stdout(&text).contains("check: 5005 DIAMETER_MISSING_AVP"));
}

/// The JSON error lines of `decode --json --check` on `input`, which must fail.
fn refused_lines(input: &[u8]) -> Vec<Value> {
    let out = diameter(&["decode", "--json", "--check"], input);
    assert_eq!(out.status.code(), Some(1));
    stdout(&out)
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .filter(|l| l["error"].is_string())
        .collect()
}

#[test]
fn check_names_5014_and_the_avp_for_an_avp_past_the_end_or_too_short() {
    let ccr = std::fs::read(CCR).unwrap();
    // Second in the stream: its Session-Id (message offset 20, stream
    // offset 368) claims 0x10001f bytes, past the end of the message.
    let mut past = ccr.clone();
    past[20 + 5] = 0x10;
    let lines = refused_lines(&[&ccr[..], &past[..]].concat());
    assert_eq!(
        lines,
        [json!({"error": "invalid AVP length", "offset": 368,
                "check": {"result_code": 5014, "name": "DIAMETER_INVALID_AVP_LENGTH",
                          "avp": {"code": 263, "vendor_id": 0}, "offset": 368}})]
    );
    let text = diameter(&["decode", "--check"], &past);
    assert_eq!(text.status.code(), Some(1));
    assert_eq!(
        stderr(&text),
        "error: invalid AVP length at offset 20\n  check: 5014 DIAMETER_INVALID_AVP_LENGTH: \
         invalid AVP length (Session-Id 263 at offset 20) (stream offset 20)\n"
    );
    // An AVP Length of 4, shorter than an AVP header: the AVP after
    // Session-Id (Origin-Host, 264, at offset 52).
    let mut short = ccr.clone();
    short[52 + 5..52 + 8].copy_from_slice(&[0, 0, 4]);
    let lines = refused_lines(&short);
    assert_eq!(
        lines[0]["check"],
        json!({"result_code": 5014, "name": "DIAMETER_INVALID_AVP_LENGTH",
               "avp": {"code": 264, "vendor_id": 0}, "offset": 52})
    );
    // Without --check, the error line has no verdict.
    let plain = diameter(&["decode", "--json"], &short);
    let line: Value = serde_json::from_str(stdout(&plain).trim()).unwrap();
    assert_eq!(line, json!({"error": "invalid AVP length", "offset": 52}));
}

#[test]
fn check_names_5015_for_a_length_not_a_multiple_of_4_and_5011_for_version_2() {
    let ccr = std::fs::read(CCR).unwrap();
    let mut odd = ccr.clone();
    odd[3] = 0x5d;
    odd.push(0);
    let lines = refused_lines(&[&ccr[..], &odd[..]].concat());
    assert_eq!(
        lines,
        [json!({"error": "invalid message length", "offset": 349,
                "check": {"result_code": 5015, "name": "DIAMETER_INVALID_MESSAGE_LENGTH",
                          "offset": 349}})]
    );
    let text = diameter(&["decode", "--check"], &odd);
    assert_eq!(
        stderr(&text),
        "error: invalid message length at offset 1\n  check: 5015 \
         DIAMETER_INVALID_MESSAGE_LENGTH: invalid message length (stream offset 1)\n"
    );
    let mut v2 = ccr.clone();
    v2[0] = 2;
    assert_eq!(
        refused_lines(&v2)[0]["check"],
        json!({"result_code": 5011, "name": "DIAMETER_UNSUPPORTED_VERSION", "offset": 0})
    );
}
