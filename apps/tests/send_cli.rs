//! `diameter send` against a real `diameter ocs`, and `diameter decode
//! --dict` with dictionaries the tests write.

mod cli_support;

use cli_support::{diameter, fund, Server};
use serde_json::Value;

const SUBSCRIPTION: &str =
    "Subscription-Id={Subscription-Id-Type=END_USER_IMSI,Subscription-Id-Data=001010000000001}";

/// An OCS on loopback with one funded subscriber, its store in `dir`.
fn ocs(dir: &tempfile::TempDir) -> Server {
    let db = dir.path().join("ocs.db");
    let db = db.to_str().unwrap();
    fund(db, "001010000000001", "1000000");
    Server::start(&["--ip", "127.0.0.1", "--port", "0", "--db", db])
}

/// `diameter send` to `server` with `args`: exit status, stdout, stderr.
fn send(server: &Server, args: &[&str]) -> (Option<i32>, String, String) {
    let mut all = vec!["send", "--peer", &server.addr, "--timeout", "30"];
    all.extend_from_slice(args);
    let out = diameter(&all);
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    (out.status.code(), text(&out.stdout), text(&out.stderr))
}

#[test]
fn a_gy_ccr_i_is_granted_and_printed_as_a_tree() {
    let dir = tempfile::tempdir().unwrap();
    let server = ocs(&dir);
    let (code, out, err) = send(
        &server,
        &[
            "--app",
            "Gy",
            "--command",
            "CCR",
            "CC-Request-Type=INITIAL_REQUEST",
            "CC-Request-Number=0",
            "Service-Context-Id=32251@3gpp.org",
            SUBSCRIPTION,
            "Multiple-Services-Credit-Control={Rating-Group=1,Requested-Service-Unit={}}",
        ],
    );
    assert_eq!(code, Some(0), "{out}{err}");
    assert!(
        out.starts_with("Credit-Control-Answer (272) app 4"),
        "{out}"
    );
    assert!(out.contains("\n  Result-Code (268) M = 2001\n"), "{out}");
    assert!(
        out.contains("  Session-Id (263) M = \"send.example.net;"),
        "{out}"
    );
    assert!(out.contains("      CC-Total-Octets (421) M = "), "{out}");
    server.terminate();
}

#[test]
fn a_gx_ccr_to_the_ocs_gets_3007_and_exit_status_3() {
    let dir = tempfile::tempdir().unwrap();
    let server = ocs(&dir);
    let (code, out, err) = send(
        &server,
        &[
            "--app",
            "Gx",
            "--command",
            "CCR",
            "--json",
            "CC-Request-Type=INITIAL_REQUEST",
            "CC-Request-Number=0",
            SUBSCRIPTION,
        ],
    );
    assert_eq!(code, Some(3), "{out}{err}");
    let answer: Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(answer["application_id"], 16_777_238);
    assert_eq!(answer["error"], true);
    let result = (answer["avps"].as_array().unwrap().iter())
        .find(|a| a["name"] == "Result-Code")
        .unwrap();
    assert_eq!(result["value"], 3007, "{out}");
    server.terminate();
}

#[test]
fn typos_are_errors_that_suggest_the_nearest_name() {
    // No peer is needed: the request is built before connecting.
    let run = |args: &[&str]| {
        let mut all = vec!["send", "--peer", "127.0.0.1:9", "--app", "Gy"];
        all.extend_from_slice(args);
        let out = diameter(&all);
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (code, err) = run(&["--command", "CCR", "CC-Request-Typ=INITIAL_REQUEST"]);
    assert_eq!(code, Some(1));
    assert_eq!(
        err,
        "diameter send: unknown AVP \"CC-Request-Typ\"; did you mean \"CC-Request-Type\"?\n"
    );
    let (code, err) = run(&["--command", "CCR", "CC-Request-Type=INITIAL_REQEST"]);
    assert_eq!(code, Some(1));
    assert!(err.contains("did you mean \"INITIAL_REQUEST\"?"), "{err}");
    let (code, err) = run(&["--command", "CCQ"]);
    assert_eq!(code, Some(1));
    assert!(
        err.contains("unknown command \"CCQ\"; did you mean \"CCR\"?"),
        "{err}"
    );
}

#[test]
fn no_peer_is_a_connection_failure() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    drop(listener);
    let out = diameter(&["send", "--peer", &addr, "--app", "Gy", "--command", "CCR"]);
    assert_eq!(out.status.code(), Some(7));
}

#[test]
fn a_silent_peer_is_a_timeout() {
    // The kernel completes the connection; nobody ever answers the CER.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    let out = diameter(&[
        "send",
        "--peer",
        &addr,
        "--timeout",
        "0.2",
        "--app",
        "Gy",
        "--command",
        "CCR",
    ]);
    assert_eq!(out.status.code(), Some(6));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "diameter send: no answer within 0.2s\n"
    );
    drop(listener);
}

/// A vendor dictionary in Wireshark's format, as a per-vendor file has it.
const VENDOR_XML: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<vendor vendor-id="Acme" code="99999" name="Acme"/>
<application id="16777299" name="Acme Query">
  <command name="Acme-Query" code="8388700" vendor-id="Acme"/>
</application>
<avp name="Acme-Color" code="7001" mandatory="may" vendor-bit="must" vendor-id="Acme">
  <type type-name="Enumerated"/>
  <enum name="RED" code="1"/>
  <enum name="BLUE" code="2"/>
</avp>
<avp name="Acme-Box" code="7002" vendor-id="Acme">
  <grouped><gavp name="Acme-Color"/></grouped>
</avp>
"#;

#[test]
fn decode_dict_names_a_vendor_avp_by_its_dictionary() {
    let dir = tempfile::tempdir().unwrap();
    let xml = dir.path().join("acme.xml");
    std::fs::write(&xml, VENDOR_XML).unwrap();
    let xml = xml.to_str().unwrap();
    // Acme-Query-Request: header, then Acme-Box { Acme-Color = 2 }.
    let hex = "01 000030 80 80005c 01000053 00000001 00000002 \
        00001b5a 8000001c 0001869f 00001b59 80000010 0001869f 00000002";
    let out = diameter(&["decode", "--dict", xml, "--json", "--hex", hex]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let m: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(m["command"], "Acme-Query-Request");
    let boxed = &m["avps"][0];
    assert_eq!(boxed["name"], "Acme-Box");
    assert_eq!(boxed["type"], "Grouped");
    assert_eq!(boxed["vendor_id"], 99_999);
    assert_eq!(boxed["avps"][0]["name"], "Acme-Color");
    assert_eq!(boxed["avps"][0]["enum"], "BLUE");
    // Without the dictionary the same AVP is anonymous hex.
    let out = diameter(&["decode", "--json", "--hex", hex]);
    let m: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(m["avps"][0].get("name").is_none(), "{m}");
}

#[test]
fn bad_xml_names_its_file_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let xml = dir.path().join("broken.xml");
    std::fs::write(
        &xml,
        "<avp name=\"A\" code=\"1\">\n  <type type-name=\"Time\">\n</avp>\n",
    )
    .unwrap();
    let path = xml.to_str().unwrap();
    let out = diameter(&["decode", "--dict", path, "--hex", "00"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.starts_with(&format!("diameter decode: {path}:3:1: ")),
        "{err}"
    );
    std::fs::write(
        &xml,
        "<avp name=\"A\" code=\"1\">\n  <type type-name=\"Tme\"/>\n</avp>\n",
    )
    .unwrap();
    let out = diameter(&["decode", "--dict", path, "--hex", "00"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        err,
        format!("diameter decode: {path}:2:3: AVP A: unknown type \"Tme\"\n")
    );
}

#[test]
fn a_request_of_a_loaded_dictionary_is_sent_with_its_vendor_avps() {
    let dir = tempfile::tempdir().unwrap();
    let xml = dir.path().join("acme.xml");
    std::fs::write(&xml, VENDOR_XML).unwrap();
    let server = ocs(&dir);
    let (code, out, err) = send(
        &server,
        &[
            "--dict",
            xml.to_str().unwrap(),
            "--app",
            "Acme",
            "--command",
            "AQR",
            "--json",
            "Acme-Box={Acme-Color=RED}",
        ],
    );
    // The OCS does not serve Acme's application: 3007, the answer named by the dictionary.
    assert_eq!(code, Some(3), "{out}{err}");
    let answer: Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(answer["command"], "Acme-Query-Answer", "{out}");
    let result = (answer["avps"].as_array().unwrap().iter())
        .find(|a| a["name"] == "Result-Code")
        .unwrap();
    assert_eq!(result["value"], 3007, "{out}");
    server.terminate();
}

#[test]
fn requests_of_every_core_application_are_built_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let server = ocs(&dir);
    let cases: &[(&str, &str, &[&str], &str)] = &[
        (
            "Cx",
            "UAR",
            &[
                "User-Name=alice@ims.example.org",
                "Public-Identity=sip:alice@ims.example.org",
                "Visited-Network-Identifier=ims.example.org",
                "User-Authorization-Type=REGISTRATION_AND_CAPABILITIES",
            ],
            "User-Authorization-Answer",
        ),
        (
            "Sh",
            "UDR",
            &[
                "User-Identity={Public-Identity=sip:alice@ims.example.org}",
                "Data-Reference=RepositoryData",
            ],
            "User-Data-Answer",
        ),
        (
            "S13",
            "ECR",
            &["Terminal-Information={IMEI=35693803564380}"],
            "ME-Identity-Check-Answer",
        ),
        (
            "SWx",
            "MAR",
            &[
                "User-Name=0001010000000001@nai.epc.example.org",
                "SIP-Auth-Data-Item={SIP-Authentication-Scheme=EAP-AKA}",
                "SIP-Number-Auth-Items=1",
            ],
            "Multimedia-Auth-Answer",
        ),
        (
            "Sy",
            "SLR",
            &["SL-Request-Type=INITIAL_REQUEST", SUBSCRIPTION],
            "Spending-Limit-Answer",
        ),
    ];
    for (app, command, avps, answer_name) in cases {
        let mut args = vec!["--app", app, "--command", command, "--json"];
        args.extend_from_slice(avps);
        let (code, out, err) = send(&server, &args);
        // The OCS serves none of them: 3007, the answer named by core's
        // dictionaries (RFC 6733 §7.1.3).
        assert_eq!(code, Some(3), "{app}: {out}{err}");
        let answer: Value = serde_json::from_str(out.trim()).unwrap();
        assert_eq!(answer["command"], *answer_name, "{out}");
        let result = (answer["avps"].as_array().unwrap().iter())
            .find(|a| a["name"] == "Result-Code")
            .unwrap();
        assert_eq!(result["value"], 3007, "{app}: {out}");
    }
    server.terminate();
}
