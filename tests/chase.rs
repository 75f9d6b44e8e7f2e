//! Chase emails (`signpost check --stale --emails DIR --csv FILE`): one ready-to-send email
//! per person who keeps listings up to date, to the private owner email when there is one,
//! else the organisation's public email, listing what to check and where to change it.
//! Every stale listing is in exactly one email or named as having no address.

#[path = "support/cli.rs"]
#[allow(dead_code)] // this test builds no site
mod cli;
use cli::{bin, repo};

fn run(dir: &std::path::Path) -> (String, std::path::PathBuf, std::path::PathBuf) {
    let emails = dir.join("emails");
    let csv = dir.join("chase.csv");
    let out = bin()
        .args(["check", "--stale", "--content"])
        .arg(repo().join("content"))
        .arg("--emails")
        .arg(&emails)
        .arg("--csv")
        .arg(&csv)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (stdout, emails, csv)
}

fn read(p: &std::path::Path) -> String {
    std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

#[test]
fn each_owner_gets_one_email_with_their_stale_listings_and_links() {
    let tmp = tempfile::tempdir().unwrap();
    let (stdout, emails, csv) = run(tmp.path());

    // A service's own owner email is used before its organisation's public one.
    let tots = read(&emails.join("tots-organiser-at-eastgatewomen.example.eml"));
    assert!(tots.starts_with("From: Marlbrook Family Directory <fis@marlbrook.example>\r\nTo: tots-organiser@eastgatewomen.example\r\nSubject: Please check your listings on Marlbrook Family Directory\r\n"), "{tots}");
    assert!(
        tots.contains("- Mums and Tots at Eastgate Community Centre: last checked 4 March 2025")
    );
    assert!(tots.contains(
        "See it: https://marlbrook-families.netlify.app/services/eastgate-mums-and-tots/"
    ));
    assert!(tots.contains(
        "Change it: https://marlbrook-families.netlify.app/admin/#/collections/services/entries/eastgate-mums-and-tots"
    ));
    assert!(tots.contains("when and where it runs, what it costs"));
    // The organisation's owner email is used before its public email.
    let dads = read(&emails.join("listings-keeper-at-dadstogether.example.eml"));
    assert!(dads.contains("To: listings-keeper@dadstogether.example\r\n"));
    assert!(dads.contains("Separated dads"), "{dads}");
    assert!(!emails.join("hello-at-dadstogether.example.eml").exists());
    // Otherwise the organisation's public email.
    let harbour = read(&emails.join("hello-at-safeharbour.example.eml"));
    assert!(harbour.contains("To: hello@safeharbour.example\r\n"));

    // Every stale listing is in one email, or named as having no address.
    let report_total: usize = stdout
        .lines()
        .find(|l| l.contains(" listings from "))
        .and_then(|l| l.split(' ').next())
        .and_then(|n| n.parse().ok())
        .expect("the stale report's first line");
    let mut in_emails = 0;
    let files: Vec<_> = std::fs::read_dir(&emails).unwrap().collect();
    for f in &files {
        let text = read(&f.as_ref().unwrap().path());
        assert_eq!(
            text.matches("\r\nTo: ").count() + usize::from(text.starts_with("To: ")),
            1
        );
        in_emails += text.matches("\r\n- ").count();
    }
    let no_address = stdout.matches("No email address for ").count();
    assert!(
        no_address > 0,
        "the sample has stale listings with no address: {stdout}"
    );
    assert_eq!(in_emails + no_address, report_total, "{stdout}");
    assert!(stdout.contains(&format!("Wrote {} chase emails", files.len())));

    // The CSV: a header and one row per email, with the same text.
    let mut rows = csv::Reader::from_path(&csv).unwrap();
    let header: Vec<String> = rows.headers().unwrap().iter().map(str::to_string).collect();
    assert_eq!(
        header,
        [
            "email",
            "organisations",
            "listings",
            "oldest_checked",
            "edit_links",
            "subject",
            "body"
        ]
    );
    let rows: Vec<csv::StringRecord> = rows.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), files.len());
    let row = rows
        .iter()
        .find(|r| &r[0] == "tots-organiser@eastgatewomen.example")
        .unwrap();
    assert_eq!(&row[2], "Mums and Tots at Eastgate Community Centre");
    assert_eq!(&row[3], "2025-03-04");
    let body_in_eml = tots.split_once("\r\n\r\n").unwrap().1.replace("\r\n", "\n");
    assert_eq!(&row[6], body_in_eml);
}

#[test]
fn headers_with_letters_outside_ascii_are_encoded() {
    let tmp = tempfile::tempdir().unwrap();
    let content = tmp.path().join("content");
    cli::copy_dir(&repo().join("content"), &content);
    let site = content.join("site.yaml");
    let text = read(&site).replace(
        "name: Marlbrook Family Directory",
        "name: \"Marlbrook Fámily Directory\"",
    );
    std::fs::write(&site, text).unwrap();
    let emails = tmp.path().join("emails");
    let out = bin()
        .args(["check", "--stale", "--content"])
        .arg(&content)
        .arg("--emails")
        .arg(&emails)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let tots = read(&emails.join("tots-organiser-at-eastgatewomen.example.eml"));
    // Non-ASCII words in headers are encoded (RFC 2047), so every mail program reads them.
    assert!(
        tots.starts_with(
            "From: =?UTF-8?Q?Marlbrook_F=C3=A1mily_Directory?= <fis@marlbrook.example>\r\n"
        ),
        "{tots}"
    );
    let head = tots.split_once("\r\n\r\n").unwrap().0;
    assert!(head.is_ascii());
}
