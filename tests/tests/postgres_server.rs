//! The test PostgreSQL server: it starts, answers, stops and starts again.

use diameter_tests::postgres::Postgres;

#[test]
fn the_server_answers_stops_and_resumes_on_its_port() {
    let mut pg = Postgres::start();
    assert_eq!(pg.psql("SELECT 1 + 1"), "2");
    pg.psql("CREATE TABLE t (v INTEGER); INSERT INTO t VALUES (7)");
    let port = pg.port;
    pg.stop();
    pg.resume();
    assert_eq!(pg.port, port);
    // What was committed before the immediate stop is there after it.
    assert_eq!(pg.psql("SELECT v FROM t"), "7");
}
