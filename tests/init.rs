//! `signpost init`: a council's own repository that checks and builds with this binary,
//! whose netlify.toml keeps signpost's headers and builds with no Rust, and whose download
//! step refuses a release that does not match its checksum.

#[path = "support/cli.rs"]
mod cli;
use cli::{bin, build_ok, repo};

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn init(dir: &Path, args: &[&str]) -> Output {
    bin()
        .arg("init")
        .arg(dir)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn text(o: &[u8]) -> String {
    String::from_utf8_lossy(o).into_owned()
}

fn check(content: &Path) -> Output {
    bin()
        .args(["check", "--content"])
        .arg(content)
        .output()
        .unwrap()
}

#[test]
fn a_new_directory_checks_and_builds_without_warnings() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("eastshire");
    let run = init(
        &dir,
        &[
            "--name",
            "Eastshire Family Directory",
            "--area",
            "Eastshire",
        ],
    );
    assert!(run.status.success(), "{}", text(&run.stderr));
    assert!(text(&run.stdout).contains("signpost serve"));
    for f in [
        "README.md",
        "SIGNPOST_VERSION",
        "netlify.toml",
        ".gitignore",
        "scripts/install-signpost.sh",
        ".github/workflows/check.yml",
        ".github/pull_request_template.md",
        ".github/CODEOWNERS.example",
        "content/site.yaml",
        "content/needs.yaml",
        "content/postcodes.yaml",
    ] {
        assert!(dir.join(f).is_file(), "init did not write {f}");
    }
    // One example of each kind of listing.
    for folder in ["services", "organisations", "venues", "hubs", "localities"] {
        let n = std::fs::read_dir(dir.join("content").join(folder))
            .unwrap()
            .count();
        assert_eq!(n, 1, "content/{folder} should hold one example");
    }
    let checked = check(&dir.join("content"));
    let stderr = text(&checked.stderr);
    assert!(checked.status.success(), "{stderr}");
    assert!(
        stderr.contains("files are fine"),
        "a new directory should have no errors or warnings: {stderr}"
    );
    let out = tmp.path().join("site");
    let built = bin()
        .args(["build", "--content"])
        .arg(dir.join("content"))
        .arg("--output")
        .arg(&out)
        .output()
        .unwrap();
    assert!(built.status.success(), "{}", text(&built.stderr));
    assert!(
        !text(&built.stderr).contains("warning"),
        "the first build should not look broken: {}",
        text(&built.stderr)
    );
    let home = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(home.contains("Eastshire Family Directory"));
    let service = std::fs::read_to_string(out.join("services/example-stay-and-play/index.html"))
        .expect("the example service has a page");
    assert!(service.contains("Stay and play"));
    // The version every build downloads is this one.
    assert_eq!(
        std::fs::read_to_string(dir.join("SIGNPOST_VERSION")).unwrap(),
        format!("{}\n", env!("CARGO_PKG_VERSION"))
    );
    let site = std::fs::read_to_string(dir.join("content/site.yaml")).unwrap();
    assert!(site.contains(&format!("format: {}", signpost::upgrade::CONTENT_FORMAT)));
}

#[test]
fn names_with_quotes_and_colons_stay_one_value() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("st-marys");
    let name = "St Mary's: \"Families\" # Directory";
    let run = init(
        &dir,
        &[
            "--name",
            name,
            "--area",
            "St Mary's",
            "--council",
            "Borough of St Mary's",
        ],
    );
    assert!(run.status.success(), "{}", text(&run.stderr));
    let out = tmp.path().join("site");
    build_ok(&dir.join("content"), &out);
    let home = std::fs::read_to_string(out.join("index.html")).unwrap();
    let doc = scraper::Html::parse_document(&home);
    let title = doc
        .select(&scraper::Selector::parse("title").unwrap())
        .next()
        .unwrap()
        .text()
        .collect::<String>();
    assert!(title.contains(name), "title {title:?} should hold {name:?}");
}

#[test]
fn the_sample_borough_in_its_own_repository() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("marlbrook");
    let run = init(&dir, &["--sample"]);
    assert!(run.status.success(), "{}", text(&run.stderr));
    let sample_services = std::fs::read_dir(repo().join("content/services"))
        .unwrap()
        .count();
    assert_eq!(
        std::fs::read_dir(dir.join("content/services"))
            .unwrap()
            .count(),
        sample_services
    );
    let site = std::fs::read_to_string(dir.join("content/site.yaml")).unwrap();
    assert!(site.contains(&format!(
        "\nformat: {}\n",
        signpost::upgrade::CONTENT_FORMAT
    )));
    let checked = check(&dir.join("content"));
    assert!(checked.status.success(), "{}", text(&checked.stderr));
    build_ok(&dir.join("content"), &tmp.path().join("site"));
}

#[test]
fn refuses_a_folder_that_is_not_empty_and_missing_names() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("notes.txt"), "mine").unwrap();
    let run = init(tmp.path(), &["--name", "A", "--area", "B"]);
    assert_eq!(run.status.code(), Some(2));
    assert!(text(&run.stderr).contains("is not empty"));
    assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 1);

    // No terminal to ask in: the flag to use is named, and nothing is written.
    let dir = tmp.path().join("new");
    let run = init(&dir, &["--area", "B"]);
    assert_eq!(run.status.code(), Some(2));
    assert!(
        text(&run.stderr).contains("--name"),
        "{}",
        text(&run.stderr)
    );
    assert!(!dir.exists());
    let run = init(&dir, &["--name", "A", "--area", "  "]);
    assert_eq!(run.status.code(), Some(2));
    assert!(text(&run.stderr).contains("cannot be empty"));
}

fn toml_of(path: &Path) -> toml::Table {
    std::fs::read_to_string(path).unwrap().parse().unwrap()
}

#[test]
fn netlify_toml_downloads_the_release_and_keeps_signposts_headers() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("x");
    assert!(init(&dir, &["--name", "X", "--area", "Y"]).status.success());
    let ours = toml_of(&repo().join("netlify.toml"));
    let theirs = toml_of(&dir.join("netlify.toml"));
    assert_eq!(
        theirs["headers"], ours["headers"],
        "the same security headers"
    );
    assert_eq!(theirs["redirects"], ours["redirects"], "the same 404 page");
    let commands = [
        theirs["build"]["command"].as_str().unwrap(),
        theirs["context"]["deploy-preview"]["command"]
            .as_str()
            .unwrap(),
    ];
    for c in commands {
        assert!(c.starts_with("sh scripts/install-signpost.sh"), "{c}");
        assert!(!c.contains("cargo"), "no Rust is compiled: {c}");
        assert!(c.contains(".signpost/signpost build --content content --output public"));
    }
    assert_eq!(theirs["build"]["publish"].as_str(), Some("public"));
    // The pull request check uses the same download and annotates lines.
    let workflow = std::fs::read_to_string(dir.join(".github/workflows/check.yml")).unwrap();
    assert!(workflow.contains("sh scripts/install-signpost.sh --dir .signpost"));
    assert!(workflow.contains(".signpost/signpost check --content content --format github"));
    assert!(!workflow.contains("cargo"));
    // The download script is signpost's install script.
    assert_eq!(
        std::fs::read_to_string(dir.join("scripts/install-signpost.sh")).unwrap(),
        std::fs::read_to_string(repo().join("scripts/install.sh")).unwrap()
    );
}

/// The archive name the install script asks for on this computer.
#[cfg(unix)]
fn archive_name() -> String {
    let os = match std::env::consts::OS {
        "linux" => "unknown-linux-gnu",
        "macos" => "apple-darwin",
        other => panic!("no release archive for {other}"),
    };
    format!("signpost-{}-{os}.tar.gz", std::env::consts::ARCH)
}

/// Serves `files` (address path to bytes) on 127.0.0.1, as GitHub's release downloads
/// would; anything else is a 404. Returns the base address.
#[cfg(unix)]
fn serve(files: Vec<(String, Vec<u8>)>) -> String {
    let server = tiny_http::Server::http("127.0.0.1:0").unwrap();
    let port = server.server_addr().to_ip().unwrap().port();
    std::thread::spawn(move || {
        for req in server.incoming_requests() {
            let found = files.iter().find(|(p, _)| *p == req.url());
            let _ = match found {
                Some((_, body)) => req.respond(tiny_http::Response::from_data(body.clone())),
                None => req.respond(tiny_http::Response::empty(404)),
            };
        }
    });
    format!("http://127.0.0.1:{port}")
}

#[cfg(unix)]
fn sha256(path: &Path) -> String {
    let out = Command::new("sha256sum")
        .arg(path)
        .output()
        .or_else(|_| {
            Command::new("shasum")
                .args(["-a", "256"])
                .arg(path)
                .output()
        })
        .expect("sha256sum or shasum is needed for this test");
    text(&out.stdout)
        .split_whitespace()
        .next()
        .unwrap()
        .to_string()
}

/// A release archive holding a `signpost` that prints a line, as a real one would.
#[cfg(unix)]
fn fake_release(dir: &Path) -> (Vec<u8>, String) {
    use std::os::unix::fs::PermissionsExt as _;
    let src = dir.join("release");
    std::fs::create_dir_all(&src).unwrap();
    let exe = src.join("signpost");
    std::fs::write(&exe, "#!/bin/sh\necho \"fake signpost $*\"\n").unwrap();
    std::fs::set_permissions(&exe, std::fs::Permissions::from_mode(0o755)).unwrap();
    let archive = dir.join(archive_name());
    let tar = Command::new("tar")
        .arg("-czf")
        .arg(&archive)
        .arg("-C")
        .arg(&src)
        .arg("signpost")
        .status()
        .unwrap();
    assert!(tar.success());
    (std::fs::read(&archive).unwrap(), sha256(&archive))
}

#[cfg(unix)]
fn install(repo_dir: &Path, base: &str, extra: &[&str]) -> Output {
    Command::new("sh")
        .args(["scripts/install-signpost.sh", "--dir", ".signpost"])
        .args(extra)
        .current_dir(repo_dir)
        .env("SIGNPOST_DOWNLOAD_URL", base)
        .env_remove("SIGNPOST_VERSION")
        .env_remove("SIGNPOST_SHA256")
        .output()
        .unwrap()
}

#[cfg(unix)]
#[test]
fn the_download_step_refuses_a_checksum_mismatch() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("council");
    assert!(init(&dir, &["--name", "X", "--area", "Y"]).status.success());
    let (archive, sum) = fake_release(tmp.path());
    let release = format!("/download/v{}", env!("CARGO_PKG_VERSION"));
    let name = archive_name();
    let installed: PathBuf = dir.join(".signpost/signpost");

    // SHA256SUMS names another checksum (the archive was swapped or damaged).
    let wrong = format!("{}  {name}\n", "0".repeat(64));
    let base = serve(vec![
        (format!("{release}/{name}"), archive.clone()),
        (format!("{release}/SHA256SUMS"), wrong.into_bytes()),
    ]);
    let run = install(&dir, &base, &[]);
    assert!(!run.status.success());
    let err = text(&run.stderr);
    assert!(
        err.contains("checksum of") && err.contains("is wrong"),
        "{err}"
    );
    assert!(err.contains("Nothing was installed"));
    assert!(
        !installed.exists(),
        "a refused download must not be installed"
    );

    // The right checksum: installed, and it runs.
    let right = format!("{sum}  {name}\nffff  signpost-other-target.tar.gz\n");
    let base = serve(vec![
        (format!("{release}/{name}"), archive.clone()),
        (format!("{release}/SHA256SUMS"), right.into_bytes()),
    ]);
    let run = install(&dir, &base, &[]);
    assert!(run.status.success(), "{}", text(&run.stderr));
    let ran = Command::new(&installed).arg("--version").output().unwrap();
    assert_eq!(text(&ran.stdout), "fake signpost --version\n");

    // A checksum pinned with --sha256 wins over the release's own list.
    std::fs::remove_file(&installed).unwrap();
    let run = install(&dir, &base, &["--sha256", &"a".repeat(64)]);
    assert!(!run.status.success());
    assert!(!installed.exists());

    // A release without the file is an error, not a silent skip.
    let base = serve(vec![(format!("{release}/{name}"), archive)]);
    let run = install(&dir, &base, &[]);
    assert!(!run.status.success());
    assert!(text(&run.stderr).contains("SHA256SUMS"));
    assert!(!installed.exists());
}
