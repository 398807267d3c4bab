package com.keywordtrend.local.iam;

/**
 * ARNs of the runner's resources as AWS would write them, in the runner's region and a fixed local
 * account: a resource's local physical name is its logical id. The emulator writes its own region into
 * the ARNs it returns ("dynoxide"), so requests naming a stream are read back to table and label.
 */
public record Arns(String region, String account) {
    public static final String LOCAL_ACCOUNT = "000000000000";

    public String table(String name) {
        return "arn:aws:dynamodb:" + region + ":" + account + ":table/" + name;
    }

    /** The stream ARN of {@code table} with the emulator's stream label (the part after "/stream/"). */
    public String stream(String table, String label) {
        return table(table) + "/stream/" + label;
    }

    /** Any ARN of a stream ("…:table/T/stream/L", whatever its region) in this region and account; null when it is not one. */
    public String canonicalStream(String streamArn) {
        if (streamArn == null) return null;
        int at = streamArn.indexOf(":table/");
        int stream = streamArn.indexOf("/stream/");
        if (at < 0 || stream < at) return null;
        return stream(streamArn.substring(at + ":table/".length(), stream), streamLabel(streamArn));
    }

    /** A stream ARN's label: the part after "/stream/". */
    public static String streamLabel(String streamArn) {
        return streamArn.substring(streamArn.indexOf("/stream/") + "/stream/".length());
    }

    public String queue(String name) {
        return "arn:aws:sqs:" + region + ":" + account + ":" + name;
    }

    public String bucket(String name) {
        return "arn:aws:s3:::" + bucketName(name);
    }

    /** A bucket's name locally: its logical id, lowercased (bucket names are lowercase; the emulator refuses others). */
    public static String bucketName(String logicalIdOrName) {
        return logicalIdOrName.toLowerCase(java.util.Locale.ROOT);
    }

    public String role(String name) {
        return "arn:aws:iam::" + account + ":role/" + name;
    }

    /** Who a function's calls come from, as IAM names it in a denial. */
    public String assumedRole(String role, String function) {
        return "arn:aws:sts::" + account + ":assumed-role/" + role + "/" + function;
    }
}
