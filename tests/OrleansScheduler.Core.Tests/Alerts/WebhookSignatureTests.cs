using System.Text;
using OrleansScheduler.Alerts;

namespace OrleansScheduler.Core.Tests.Alerts;

public sealed class WebhookSignatureTests
{
    [Fact]
    public void the_signature_is_the_hex_hmac_sha256_of_the_raw_body_as_openssl_computes_it()
    {
        // printf '%s' '{"rule":"r"}' | openssl dgst -sha256 -hmac 's3cret'
        Assert.Equal("sha256=0559f127accdbbb3a7be8081ef6b4d5395d0a9e8ecb12e8c87fc3dfd17be4b67", WebhookSignature.Sign("s3cret", """{"rule":"r"}"""u8));
    }

    [Fact]
    public void a_receiver_verifies_the_body_it_got_and_refuses_a_changed_body_or_another_secret()
    {
        byte[] body = Encoding.UTF8.GetBytes("""{"rule":"r","subject":"t1"}""");
        string signature = WebhookSignature.Sign("s3cret", body);

        Assert.True(WebhookSignature.Verify("s3cret", body, signature));
        Assert.False(WebhookSignature.Verify("other", body, signature));
        Assert.False(WebhookSignature.Verify("s3cret", Encoding.UTF8.GetBytes("""{"rule":"r","subject":"t2"}"""), signature));
        Assert.False(WebhookSignature.Verify("s3cret", body, null));
    }
}
