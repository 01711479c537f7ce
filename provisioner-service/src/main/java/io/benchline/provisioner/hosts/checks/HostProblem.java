package io.benchline.provisioner.hosts.checks;

/**
 * Why a bench host fails its preconditions check: a bounded set, used as a metric tag and shown in health. Each
 * comes with what an operator does about it (deploy/bench-host/README.md explains each at length).
 */
enum HostProblem {
    UNREACHABLE("the SSH connection failed: check the address, the port and the firewall"),
    HOST_KEY_REJECTED("the host's SSH key is not the one in known_hosts / pinned-host-key: verify and update it"),
    LOGIN_REJECTED("the host refused the provisioner's key: add its public key to the bench user's authorized_keys"),
    SSH_ALGORITHMS_REFUSED("the host's sshd offers only legacy algorithms (SHA-1, CBC, hmac-sha1): enable curve25519 or"
            + " ecdh key exchange, an ed25519/ecdsa/rsa-sha2 host key, AES-GCM or chacha20 ciphers"),
    BENCH_NOT_FOUND("bench is not on the PATH of a non-interactive SSH command: set bench-executable to its absolute"
            + " path (e.g. /home/frappe/.local/bin/bench)"),
    NOT_A_BENCH_FOLDER("bench-folder is not a bench (no sites/common_site_config.json, or Frappe's commands missing)"),
    DNS_MULTITENANT_OFF("run `bench config dns_multitenant on`, then `bench setup nginx --yes` and reload nginx"),
    GLOBAL_ADMIN_PASSWORD("common_site_config.json sets admin_password, which overrides every new site's password:"
            + " remove it (`bench config remove-common-config admin_password`)"),
    NO_ROOT_PASSWORD("common_site_config.json has no root_password, so new-site would prompt for it: set it"
            + " (`bench config set-common-config -c root_password '<password>'`)"),
    ERPNEXT_MISSING("ERPNext is not in the bench (`bench version` does not list erpnext): `bench get-app erpnext`"),
    NGINX_RELOAD_NOT_ALLOWED("the bench user may not run the reload command with sudo -n: add a NOPASSWD sudoers"
            + " rule for exactly that command"),
    BENCH_STALLS("bench's own commands did not return in time even with HTTPS_PROXY pointing at a closed port:"
            + " check egress and the bench installation"),
    UNEXPECTED_OUTPUT("a check command printed something the doctor does not understand: run it by hand");

    private final String hint;

    HostProblem(String hint) {
        this.hint = hint;
    }

    /** What to do about it, in one sentence. */
    public String hint() {
        return hint;
    }
}
