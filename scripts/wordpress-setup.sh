#!/usr/bin/env bash
# A real WordPress (Debian 12's package, 6.1.x) on http://127.0.0.1:${WP_PORT:-8080} for the browser tests
# (test/browser/wordpress.ts). Run as root on Debian 12:  sudo bash scripts/wordpress-setup.sh
#
# No systemd and no internet: the services are started by hand (a container's /usr/sbin/policy-rc.d exits 101, so the
# packages' own start scripts do nothing), and WordPress may only talk to this machine.
#
# Safe to run again: installed packages are not reinstalled, running services are left running (Apache is reloaded
# only when this script changed its configuration), and an installed WordPress is not reinstalled. Every run re-applies
# the settings that keep the tests deterministic (see "Test settings" below).
#
# Based on shared/targets/wordpress/setup.sh; see the comments marked "differs:" for what this copy adds.
set -euo pipefail

PORT=${WP_PORT:-8080}
DBPASS=${WP_DBPASS:-wp-local-pass}
ADMINPASS=${WP_ADMINPASS:-Admin-Local-123!}
LOG_DIR=${WP_LOG_DIR:-/tmp}
URL="http://127.0.0.1:${PORT}"
CONTENT=/var/lib/wordpress/wp-content
UPLOADS=${CONTENT}/uploads

log() { printf 'wordpress-setup: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

[ "$(id -u)" -eq 0 ] || die "run as root (sudo bash $0)"
[ -r /etc/debian_version ] || die "needs Debian 12 (apt packages wordpress, apache2, mariadb-server)"

# --- Packages ----------------------------------------------------------------------------------------------------
PACKAGES=(wordpress wordpress-theme-twentytwentythree apache2 libapache2-mod-php mariadb-server mariadb-client
  php-mysql php-gd php-xml php-mbstring php-curl php-imagick php-zip curl ca-certificates fonts-liberation)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q '^install ok installed$' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  # differs: refresh the package lists only when they cannot serve the install (a fresh image may have none, or
  # stale ones whose files are gone from the mirror).
  if ! apt-cache show wordpress >/dev/null 2>&1; then
    log "package lists do not know wordpress: apt-get update"
    apt-get update -qq
  fi
  log "installing ${missing[*]} (about a minute)"
  if ! apt-get install -y -qq --no-install-recommends "${missing[@]}" >"${LOG_DIR}/wordpress-apt.log" 2>&1; then
    log "install failed, retrying after apt-get update (log: ${LOG_DIR}/wordpress-apt.log)"
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >"${LOG_DIR}/wordpress-apt.log" 2>&1 \
      || { tail -n 30 "${LOG_DIR}/wordpress-apt.log" >&2; die "apt-get install failed"; }
  fi
fi

# Write a file only when its content changes; prints "changed" when it did (used to decide on an Apache reload).
write_if_changed() { # path mode owner:group ; content on stdin
  local path=$1 mode=$2 owner=$3 tmp
  tmp=$(mktemp)
  cat >"$tmp"
  if [ -f "$path" ] && cmp -s "$tmp" "$path"; then rm -f "$tmp"; return 0; fi
  install -m "$mode" -o "${owner%%:*}" -g "${owner##*:}" "$tmp" "$path"
  rm -f "$tmp"
  echo changed
}

# --- MariaDB (loopback only) -----------------------------------------------------------------------------------
if ! mariadb -e 'select 1' >/dev/null 2>&1; then
  install -d -o mysql -g mysql /run/mysqld
  # differs: a data directory the package did not initialise (or that was wiped) is initialised here.
  [ -d /var/lib/mysql/mysql ] || mariadb-install-db --user=mysql --datadir=/var/lib/mysql >"${LOG_DIR}/mariadb-install.log" 2>&1
  log "starting MariaDB"
  nohup /usr/sbin/mariadbd --user=mysql --bind-address=127.0.0.1 </dev/null >"${LOG_DIR}/mariadb.log" 2>&1 &
  echo $! >"${LOG_DIR}/mariadb.pid"
  for _ in $(seq 1 60); do mariadb -e 'select 1' >/dev/null 2>&1 && break; sleep 0.5; done
  mariadb -e 'select 1' >/dev/null 2>&1 || { tail -n 20 "${LOG_DIR}/mariadb.log" >&2; die "MariaDB did not start"; }
fi
mariadb -e "CREATE DATABASE IF NOT EXISTS wordpress;
  CREATE USER IF NOT EXISTS 'wordpress'@'localhost' IDENTIFIED BY '${DBPASS}';
  ALTER USER 'wordpress'@'localhost' IDENTIFIED BY '${DBPASS}';
  GRANT ALL ON wordpress.* TO 'wordpress'@'localhost'; FLUSH PRIVILEGES;"

# --- WordPress configuration -------------------------------------------------------------------------------------
# Debian's wp-config.php loads /etc/wordpress/config-<Host header without port>.php.
changed=""
changed+=$(write_if_changed /etc/wordpress/config-127.0.0.1.php 640 root:www-data <<EOF
<?php
define('DB_NAME', 'wordpress');
define('DB_USER', 'wordpress');
define('DB_PASSWORD', '${DBPASS}');
define('DB_HOST', 'localhost');
define('WP_CONTENT_DIR', '${CONTENT}');
define('WP_HTTP_BLOCK_EXTERNAL', true);
define('AUTOMATIC_UPDATER_DISABLED', true);
// differs: no pseudo-cron requests racing the tests, no update checks.
define('DISABLE_WP_CRON', true);
define('WP_AUTO_UPDATE_CORE', false);
EOF
)
# differs: "localhost:${PORT}" reaches the same site (WordPress then redirects to its canonical 127.0.0.1 address).
ln -sf config-127.0.0.1.php /etc/wordpress/config-localhost.php

# differs: the uploads folder exists and belongs to www-data (Debian ships wp-content owned by root).
install -d -m 0755 -o www-data -g www-data "${UPLOADS}"
chown -R www-data:www-data "${UPLOADS}"

# differs: PHP limits big enough for camera photos (Debian's php.ini allows 2 MB uploads).
for d in /etc/php/*/apache2/conf.d; do
  [ -d "$d" ] || continue
  changed+=$(write_if_changed "$d/99-consentgate-wordpress.ini" 644 root:root <<'EOF'
; written by ConsentGate's scripts/wordpress-setup.sh
upload_max_filesize = 64M
post_max_size = 72M
memory_limit = 256M
max_execution_time = 120
EOF
)
done

# --- Apache on 127.0.0.1:${PORT} ---------------------------------------------------------------------------------
changed+=$(write_if_changed /etc/apache2/sites-available/wp-local.conf 644 root:root <<EOF
<VirtualHost 127.0.0.1:${PORT}>
    ServerName 127.0.0.1
    DocumentRoot /usr/share/wordpress/
    DirectoryIndex index.php index.html
    Alias /wp-content ${CONTENT}
    <Directory /usr/share/wordpress>
        Options FollowSymLinks
        AllowOverride All
        Require all granted
        # Pretty permalinks (WordPress's own .htaccess block; Debian's /etc/wordpress/htaccess has it commented out)
        RewriteEngine On
        RewriteBase /
        RewriteRule ^index\.php\$ - [L]
        RewriteCond %{REQUEST_FILENAME} !-f
        RewriteCond %{REQUEST_FILENAME} !-d
        RewriteRule . /index.php [L]
    </Directory>
    <Directory ${CONTENT}>
        Options FollowSymLinks
        Require all granted
    </Directory>
    ErrorLog ${LOG_DIR}/wordpress-apache-error.log
</VirtualHost>
EOF
)
# differs: the Listen line is rewritten whatever port it had, so a second run (or another WP_PORT) still matches.
if ! grep -qx "Listen 127.0.0.1:${PORT}" /etc/apache2/ports.conf; then
  sed -i -E "0,/^Listen [0-9.:]+\$/s//Listen 127.0.0.1:${PORT}/" /etc/apache2/ports.conf
  grep -qx "Listen 127.0.0.1:${PORT}" /etc/apache2/ports.conf || echo "Listen 127.0.0.1:${PORT}" >>/etc/apache2/ports.conf
  changed+=changed
fi
changed+=$(write_if_changed /etc/apache2/conf-available/servername.conf 644 root:root <<<'ServerName 127.0.0.1')
[ -e /etc/apache2/sites-enabled/000-default.conf ] && { a2dissite 000-default >/dev/null; changed+=changed; }
[ -e /etc/apache2/sites-enabled/wp-local.conf ] || { a2ensite wp-local >/dev/null; changed+=changed; }
[ -e /etc/apache2/mods-enabled/rewrite.load ] || { a2enmod rewrite >/dev/null; changed+=changed; }
[ -e /etc/apache2/conf-enabled/servername.conf ] || { a2enconf servername >/dev/null; changed+=changed; }

apache_running() {
  local pid
  pid=$(cat /var/run/apache2/apache2.pid 2>/dev/null) || return 1
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null
}
apache2ctl configtest >/dev/null 2>&1 || { apache2ctl configtest; die "Apache configuration is invalid"; }
if ! apache_running; then
  log "starting Apache on 127.0.0.1:${PORT}"
  apache2ctl start
elif [ -n "$changed" ]; then
  log "configuration changed: reloading Apache"
  apache2ctl -k graceful
fi
for _ in $(seq 1 60); do curl -s -o /dev/null --max-time 2 "${URL}/" && break; sleep 0.3; done
curl -s -o /dev/null --max-time 5 "${URL}/" || die "Apache does not answer on ${URL}"

# --- The installer -------------------------------------------------------------------------------------------------
# differs: "installed" is read from the database, not by grepping the installer page (a `curl | grep -q` pipeline
# under pipefail can fail on SIGPIPE and skip the install).
wpdb() { mariadb -N -B wordpress -e "$1"; }
installed() { [ -n "$(wpdb "SELECT option_value FROM wp_options WHERE option_name='siteurl'" 2>/dev/null || true)" ]; }
if ! installed; then
  log "running the WordPress installer"
  # The web installer, driven by curl (wp-cli is not packaged in Debian 12 and its phar is not on npm)
  curl -s --max-time 120 -X POST "${URL}/wp-admin/install.php?step=2" \
    --data-urlencode 'weblog_title=Basisschool De Test' --data-urlencode 'user_name=admin' \
    --data-urlencode "admin_password=${ADMINPASS}" --data-urlencode "admin_password2=${ADMINPASS}" \
    --data-urlencode 'pw_weak=1' --data-urlencode 'admin_email=admin@example.test' \
    --data-urlencode 'blog_public=0' --data-urlencode 'language=' >"${LOG_DIR}/wordpress-install.html"
  installed || { grep -o '<p>[^<]*</p>' "${LOG_DIR}/wordpress-install.html" >&2 || true; die "the installer did not finish"; }
fi

# --- Test settings (re-applied every run) -------------------------------------------------------------------------
ADMIN_ID=$(wpdb "SELECT ID FROM wp_users WHERE user_login='admin'")
[ -n "$ADMIN_ID" ] || die "no user 'admin' in the database"
# The block editor's welcome guide: WordPress 6.1 keeps editor preferences in the user meta wp_persisted_preferences
# (a serialised PHP array, scope => [name => value]); welcomeGuide=false stops the modal opening on post-new.php.
# Its _modified is set far in the future so a browser's own (older) localStorage copy never wins the merge.
PREFS='a:2:{s:14:"core/edit-post";a:1:{s:12:"welcomeGuide";b:0;}s:9:"_modified";s:24:"2099-01-01T00:00:00.000Z";}'
wpdb "DELETE FROM wp_usermeta WHERE user_id=${ADMIN_ID} AND meta_key='wp_persisted_preferences';
  INSERT INTO wp_usermeta (user_id, meta_key, meta_value) VALUES (${ADMIN_ID}, 'wp_persisted_preferences', '${PREFS}');"
# No "Administration email verification" screen after login (WordPress asks every 6 months).
wpdb "UPDATE wp_options SET option_value='4102444800' WHERE option_name='admin_email_lifespan'"
# The media library opens in grid mode (tests can also pass ?mode=grid).
wpdb "DELETE FROM wp_usermeta WHERE user_id=${ADMIN_ID} AND meta_key='wp_media_library_mode';
  INSERT INTO wp_usermeta (user_id, meta_key, meta_value) VALUES (${ADMIN_ID}, 'wp_media_library_mode', 'grid');"
# differs: pretty permalinks, as on a school's real site, so the REST API lives at /wp-json/ and the block editor uploads
# to /wp-json/wp/v2/media (the installer picks /index.php/... permalinks, as it cannot detect mod_rewrite from curl).
# Emptying rewrite_rules makes WordPress rebuild them on the next request.
if [ "$(wpdb "SELECT option_value FROM wp_options WHERE option_name='permalink_structure'")" != '/%postname%/' ]; then
  wpdb "UPDATE wp_options SET option_value='/%postname%/' WHERE option_name='permalink_structure';
    UPDATE wp_options SET option_value='' WHERE option_name='rewrite_rules';"
fi
# Uploads go to year/month folders (the default; set explicitly because the helpers map URLs to files).
wpdb "UPDATE wp_options SET option_value='1' WHERE option_name='uploads_use_yearmonth_folders'"

code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "${URL}/wp-login.php")
[ "$code" = 200 ] || die "wp-login.php answered HTTP ${code}"
echo "WordPress ready at ${URL}/wp-admin/ (admin / ${ADMINPASS})"
