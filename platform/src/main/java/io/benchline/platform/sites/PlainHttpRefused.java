package io.benchline.platform.sites;

/** A site URL used plain HTTP while {@code benchline.sites.allow-plain-http} is off. */
public class PlainHttpRefused extends RuntimeException {

    PlainHttpRefused(String url) {
        super("refusing plain HTTP to " + url + "; sites are reached over HTTPS unless"
                + " benchline.sites.allow-plain-http=true");
    }
}
