#!/bin/sh
# Installs a released signpost binary after checking its SHA-256 checksum.
#
#   sh install.sh [--version X.Y.Z] [--dir DIR] [--sha256 HASH]
#
# --version  the release to install; default: $SIGNPOST_VERSION, else the first line of a
#            file named SIGNPOST_VERSION in this folder (a council's repository has one),
#            else the latest release.
# --dir      where to put the `signpost` command; default: $SIGNPOST_DIR, else
#            $HOME/.local/bin.
# --sha256   the archive's expected checksum; default: $SIGNPOST_SHA256, else the line for
#            the archive in the release's SHA256SUMS file.
#
# The archive is fetched from $SIGNPOST_DOWNLOAD_URL (default: signpost's GitHub releases),
# as <url>/download/v<version>/signpost-<target>.tar.gz, or <url>/latest/download/... .
# Nothing is installed unless the checksum matches. It needs only sh, curl, tar (with
# gzip), uname and sha256sum (or shasum, on macOS): it runs in Netlify's build image and in
# GitHub Actions, and is what a council's repository made by `signpost init` runs before
# every build (there as scripts/install-signpost.sh, a copy of this file).
set -eu

base=${SIGNPOST_DOWNLOAD_URL:-https://github.com/signpost-fis/signpost/releases}
version=${SIGNPOST_VERSION:-}
dir=${SIGNPOST_DIR:-${HOME:-.}/.local/bin}
want=${SIGNPOST_SHA256:-}

fail() {
	echo "install-signpost: $*" >&2
	exit 1
}

while [ $# -gt 0 ]; do
	case $1 in
	--version) [ $# -ge 2 ] || fail "--version needs a value"; version=$2; shift 2 ;;
	--dir) [ $# -ge 2 ] || fail "--dir needs a value"; dir=$2; shift 2 ;;
	--sha256) [ $# -ge 2 ] || fail "--sha256 needs a value"; want=$2; shift 2 ;;
	*) fail "unknown option $1 (use --version, --dir or --sha256)" ;;
	esac
done

if [ -z "$version" ] && [ -f SIGNPOST_VERSION ]; then
	IFS= read -r version <SIGNPOST_VERSION || true
fi
version=${version#v}
# Only a version number or "latest" goes into the address.
case $version in
'' | latest) version=latest ;;
*[!0-9A-Za-z.+-]*) fail "'$version' is not a version number such as 0.2.0" ;;
esac

case $(uname -s) in
Linux) os=unknown-linux-gnu ;;
Darwin) os=apple-darwin ;;
*) fail "there is no signpost release for $(uname -s): download one from $base, or build from source (cargo install --locked --path .)" ;;
esac
case $(uname -m) in
x86_64 | amd64) arch=x86_64 ;;
aarch64 | arm64) arch=aarch64 ;;
*) fail "there is no signpost release for $(uname -m) processors: build from source (cargo install --locked --path .)" ;;
esac
archive=signpost-$arch-$os.tar.gz
if [ "$version" = latest ]; then
	url=$base/latest/download
else
	url=$base/download/v$version
fi

tmp=$(mktemp -d 2>/dev/null || echo "${TMPDIR:-/tmp}/signpost-install.$$")
mkdir -p "$tmp"
trap 'rm -rf "$tmp"' EXIT INT TERM

echo "Downloading signpost $version for $arch-$os from $url"
curl --fail --silent --show-error --location --retry 3 -o "$tmp/$archive" "$url/$archive" ||
	fail "could not download $url/$archive (is $version a released version?)"

if [ -z "$want" ]; then
	curl --fail --silent --show-error --location --retry 3 -o "$tmp/SHA256SUMS" "$url/SHA256SUMS" ||
		fail "could not download $url/SHA256SUMS, so the download cannot be checked"
	while read -r sum name; do
		if [ "${name#\*}" = "$archive" ]; then want=$sum; fi
	done <"$tmp/SHA256SUMS"
	[ -n "$want" ] || fail "SHA256SUMS has no line for $archive"
fi

if command -v sha256sum >/dev/null 2>&1; then
	got=$(sha256sum "$tmp/$archive")
elif command -v shasum >/dev/null 2>&1; then
	got=$(shasum -a 256 "$tmp/$archive")
else
	fail "neither sha256sum nor shasum is installed, so the download cannot be checked"
fi
got=${got%% *}
if [ "$got" != "$want" ]; then
	fail "the checksum of $archive is wrong (expected $want, got $got): the download is damaged or not the release. Nothing was installed."
fi

tar -xzf "$tmp/$archive" -C "$tmp" signpost ||
	fail "$archive does not hold a signpost command"
mkdir -p "$dir"
chmod 755 "$tmp/signpost"
# Moved into place in one step, so a failed install never leaves half a command.
mv -f "$tmp/signpost" "$dir/signpost.new"
mv -f "$dir/signpost.new" "$dir/signpost"
echo "Installed signpost $version ($got) as $dir/signpost"
case :${PATH:-}: in
*:"$dir":*) ;;
*) echo "Add $dir to your PATH to run it as \`signpost\`, or run it as $dir/signpost." ;;
esac
