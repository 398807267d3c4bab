package com.keywordtrend.model;

/**
 * The job item's attribute names (snake_case, as the seed wrote them), as the table stores them, the
 * stream records carry them and the replies show them. The store writes them; the processors read a
 * record's keys and type by them; the API names the reply's fields by them.
 */
public final class JobAttributes {
    private JobAttributes() {
    }

    public static final String JOB_ID = "job_id";
    public static final String STATUS = "status";
    public static final String JOB_TYPE = "job_type";
    public static final String CREATED_AT = "created_at";
    public static final String UPDATED_AT = "updated_at";
    public static final String EXPIRES_AT = "expires_at";
    public static final String PROGRESS = "progress";
    public static final String STAGE = "stage";
    public static final String ERROR_MESSAGE = "error_message";
    public static final String OWNER = "owner";
    public static final String LEASE_HOLDER = "lease_holder";
    public static final String LEASE_EXPIRES_AT = "lease_expires_at";
    public static final String ATTEMPTS = "attempts";

    /**
     * Where a result too large for the item lives ({@link ResultObjects}); the poll shows it, as the
     * contract says ("s3_key ... appear[s] when the job has [it]"). Beside it, hidden, its size as JSON
     * and the SHA-256 of the stored bytes.
     */
    public static final String S3_KEY = "s3_key";
    public static final String RESULT_BYTES = "result_bytes";
    public static final String RESULT_SHA256 = "result_sha256";

    /** Where a result too large for a reply is fetched from (the poll's and GET /jobs/{id}'s {@code result_url}). */
    public static final String RESULT_URL = "result_url";
}
