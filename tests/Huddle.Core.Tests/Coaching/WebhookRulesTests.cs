using System.Net;
using System.Text;
using Huddle.Core;
using Huddle.Core.Coaching;

namespace Huddle.Core.Tests.Coaching;

public sealed class WebhookRulesTests
{
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("10.1.2.3")]
    [InlineData("172.31.255.255")]
    [InlineData("192.168.0.1")]
    [InlineData("169.254.169.254")]
    [InlineData("100.127.0.1")]
    [InlineData("0.0.0.0")]
    [InlineData("224.0.0.251")]
    [InlineData("255.255.255.255")]
    [InlineData("198.18.0.1")]
    [InlineData("::1")]
    [InlineData("::")]
    [InlineData("fe80::1")]
    [InlineData("fc00::1")]
    [InlineData("ff02::1")]
    [InlineData("::ffff:10.0.0.1")]
    [InlineData("64:ff9b::7f00:1")]
    public void IsPublic_RefusesLoopbackPrivateLinkLocalMulticastAndReserved(string address) =>
        Assert.False(WebhookTargets.IsPublic(IPAddress.Parse(address)));

    [Theory]
    [InlineData("93.184.215.14")]
    [InlineData("172.32.0.1")]
    [InlineData("100.128.0.1")]
    [InlineData("8.8.8.8")]
    [InlineData("2606:4700::1111")]
    [InlineData("::ffff:8.8.8.8")]
    [InlineData("64:ff9b::808:808")]
    public void IsPublic_AcceptsPublicAddresses(string address) =>
        Assert.True(WebhookTargets.IsPublic(IPAddress.Parse(address)));

    [Fact]
    public void Parse_RefusesPrivateLiterals_UnlessAllowed_ButNotNames()
    {
        var refused = Assert.Throws<HuddleException>(() => WebhookTargets.Parse("http://[::ffff:192.168.1.1]:8080/h", allowPrivate: false));
        Assert.Equal(ErrorCodes.WebhookTargetRefused, refused.Code);
        Assert.Equal("127.0.0.1", WebhookTargets.Parse("http://127.0.0.1:5000/h", allowPrivate: true).Host);
        Assert.Equal("localhost", WebhookTargets.Parse("http://localhost/h", allowPrivate: false).Host); // checked at connect time
        Assert.Equal(ErrorCodes.InvalidWebhookUrl, Assert.Throws<HuddleException>(() => WebhookTargets.Parse("file:///etc/passwd", allowPrivate: true)).Code);
    }

    [Fact]
    public void Signature_IsHmacSha256OfTimestampDotBody_InLowerHex()
    {
        // Independent vector: printf '1700000000.{"a":1}' | openssl dgst -sha256 -hmac whsec_test
        var signature = WebhookSignature.Sign("whsec_test", 1700000000, Encoding.UTF8.GetBytes("{\"a\":1}"));
        Assert.Equal("sha256=38877139021993b830af32feea6e18a8da83eb2f6e49ee50bd9e4cf4ca4d3789", signature);
    }
}
