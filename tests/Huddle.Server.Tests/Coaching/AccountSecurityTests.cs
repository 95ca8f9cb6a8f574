using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Huddle.Core.Coaching;
using Huddle.Server.Coaching;
using Huddle.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Huddle.Server.Tests.Api.Coaching;

/// <summary>
/// Issue 16 items 4–6: login slowed per client address (never a lockout of the account itself),
/// password rules, and revocation (sign out everywhere, change password). The client address is
/// varied with X-Forwarded-For, which the server believes from loopback (its default known proxy),
/// exactly as behind nginx; time is the fake clock.
/// </summary>
public class AccountSecurityTests : CoachingTest
{
    private const string AttackerIp = "203.0.113.7";
    private const string OwnerIp = "198.51.100.20";

    [Fact]
    public async Task Login_AnAttackersGuessesFromOneAddress_NeverLockTheOwnerOut_FromAnother()
    {
        // The bootstrap admin, the account an attacker would most like to lock.
        for (var i = 0; i < 30; i++)
        {
            var guess = await PostLoginAsync(AdminEmail, $"guess number {i}", AttackerIp);
            Assert.True(guess.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.TooManyRequests, $"guess {i}: {(int)guess.StatusCode}");
        }

        await AssertProblemAsync(await PostLoginAsync(AdminEmail, AdminPassword, AttackerIp), HttpStatusCode.TooManyRequests, "login_throttled");
        var owner = await PostLoginAsync(AdminEmail, AdminPassword, OwnerIp);

        Assert.Equal(HttpStatusCode.OK, owner.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PostLoginAsync(AdminEmail, AdminPassword, OwnerIp)).StatusCode);
    }

    [Fact]
    public async Task Login_PastFiveFailures_EachAttemptWaitsADoublingDelay_AndIsRefusedWithoutCheckingThePassword()
    {
        var user = await RegisterAsync();
        for (var i = 0; i < 5; i++) await AssertProblemAsync(await PostLoginAsync(user.Email, $"wrong-{i}-pass", AttackerIp), HttpStatusCode.Unauthorized, "invalid_credentials");

        // Inside the first delay (1 s) even the right password is refused, before it is checked.
        var early = await PostLoginAsync(user.Email, Password, AttackerIp);
        await AssertProblemAsync(early, HttpStatusCode.TooManyRequests, "login_throttled");
        Assert.Equal(TimeSpan.FromSeconds(1), early.Headers.RetryAfter?.Delta);
        Time.Advance(TimeSpan.FromMilliseconds(999));
        await AssertProblemAsync(await PostLoginAsync(user.Email, Password, AttackerIp), HttpStatusCode.TooManyRequests, "login_throttled");

        // The sixth failure doubles the wait, the seventh doubles it again.
        Time.Advance(TimeSpan.FromMilliseconds(1));
        await AssertProblemAsync(await PostLoginAsync(user.Email, "wrong-5-pass", AttackerIp), HttpStatusCode.Unauthorized, "invalid_credentials");
        Assert.Equal(TimeSpan.FromSeconds(2), (await PostLoginAsync(user.Email, Password, AttackerIp)).Headers.RetryAfter?.Delta);
        Time.Advance(TimeSpan.FromSeconds(2));
        await AssertProblemAsync(await PostLoginAsync(user.Email, "wrong-6-pass", AttackerIp), HttpStatusCode.Unauthorized, "invalid_credentials");
        Time.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(TimeSpan.FromSeconds(1), (await PostLoginAsync(user.Email, Password, AttackerIp)).Headers.RetryAfter?.Delta);

        // After the wait the right password works, and clears the count for this address.
        Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.OK, (await PostLoginAsync(user.Email, Password, AttackerIp)).StatusCode);
        for (var i = 0; i < 5; i++) await AssertProblemAsync(await PostLoginAsync(user.Email, $"again-{i}-pass", AttackerIp), HttpStatusCode.Unauthorized, "invalid_credentials");
    }

    [Fact]
    public async Task Login_AnIpv6ClientIsCountedByItsSlash64_SoRotatingAddressesInsideItDoesNotHelp()
    {
        var user = await RegisterAsync();
        for (var i = 1; i <= 5; i++) await AssertProblemAsync(await PostLoginAsync(user.Email, "wrong password", $"2001:db8:0:7::{i}"), HttpStatusCode.Unauthorized, "invalid_credentials");

        await AssertProblemAsync(await PostLoginAsync(user.Email, Password, "2001:db8:0:7:ffff:ffff:ffff:ffff"), HttpStatusCode.TooManyRequests, "login_throttled");
        Assert.Equal(HttpStatusCode.OK, (await PostLoginAsync(user.Email, Password, "2001:db8:0:8::1")).StatusCode);
    }

    [Fact]
    public async Task Login_SprayingManyEmailsFromOneAddress_RunsOutOfItsBudget_OtherAddressesDoNot()
    {
        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 60; i++) answers.Add(await PostLoginAsync($"victim-{i}@example.com", "Summer2026!", AttackerIp));

        Assert.Equal(20, answers.Count(a => a.StatusCode == HttpStatusCode.Unauthorized));
        foreach (var refused in answers.Skip(20))
        {
            await AssertProblemAsync(refused, HttpStatusCode.TooManyRequests, "login_throttled");
            Assert.InRange(refused.Headers.RetryAfter!.Delta!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));
        }

        await AssertProblemAsync(await PostLoginAsync("victim-0@example.com", "Summer2026!", OwnerIp), HttpStatusCode.Unauthorized, "invalid_credentials");
    }

    [Fact]
    public async Task Login_TheAddressBudget_CountsEveryPasswordCheck_AndRefillsAfterItsWindow()
    {
        var user = await RegisterAsync();
        for (var i = 0; i < 20; i++) Assert.Equal(HttpStatusCode.OK, (await PostLoginAsync(user.Email, Password, AttackerIp)).StatusCode);

        var over = await PostLoginAsync(user.Email, Password, AttackerIp);
        await AssertProblemAsync(over, HttpStatusCode.TooManyRequests, "login_throttled");
        Assert.Equal(TimeSpan.FromMinutes(1), over.Headers.RetryAfter?.Delta);

        Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.OK, (await PostLoginAsync(user.Email, Password, AttackerIp)).StatusCode);
    }

    [Fact]
    public async Task Login_UnknownEmailAndWrongPassword_AnswerExactlyAlike_AlsoOnceThrottled()
    {
        var user = await RegisterAsync();
        var unknown = $"nobody-{Guid.NewGuid():N}@example.com";

        Assert.Equal(await DescribeAsync(await PostLoginAsync(unknown, "wrong password", AttackerIp)), await DescribeAsync(await PostLoginAsync(user.Email, "wrong password", AttackerIp)));
        for (var i = 0; i < 4; i++)
        {
            await PostLoginAsync(unknown, "wrong password", AttackerIp);
            await PostLoginAsync(user.Email, "wrong password", AttackerIp);
        }

        var throttledUnknown = await PostLoginAsync(unknown, "wrong password", AttackerIp);
        var throttledUser = await PostLoginAsync(user.Email, "wrong password", AttackerIp);
        Assert.Equal(await DescribeAsync(throttledUnknown), await DescribeAsync(throttledUser));
        Assert.Equal(throttledUnknown.Headers.RetryAfter, throttledUser.Headers.RetryAfter);
        Assert.Contains("login_throttled", await DescribeAsync(throttledUser), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("short9chr", "too_short")]
    [InlineData("password", "too_short")]
    [InlineData("12345678", "too_short")]
    [InlineData("Password1", "too_short")]
    [InlineData("aaaaaaaaaaaa", "too_simple")]
    [InlineData("Password1234", "common")]
    [InlineData("QWERTYUIOP", "common")]
    [InlineData("1q2w3e4r5t", "common")]
    [InlineData("iloveyou2024", "common")]
    [InlineData("Jessica.Longname@Example.com", "email")]
    [InlineData("JESSICA.LONGNAME", "email")]
    public async Task Register_AWeakPassword_IsRefusedWithItsReason_AndStoresNothing(string password, string reason)
    {
        var email = $"jessica.longname@example.com";

        var response = await Server.Http.PostAsJsonAsync("/api/auth/register", new { email, password });

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "weak_password");
        Assert.Equal(reason, (await response.Content.ReadFromJsonAsync<JsonElement>()).Str("reason"));
        Assert.Null(await Server.Services.GetRequiredService<IAccountStore>().FindByEmailAsync(email, default));
    }

    [Fact]
    public void CommonPasswordList_IsShippedWithTheServer_WithThousandsOfEntries()
    {
        Assert.InRange(PasswordRules.CommonCount, 5_000, 50_000);
        Assert.True(PasswordRules.IsCommon("QwErTy123456"));
        Assert.False(PasswordRules.IsCommon(Password));
    }

    [Fact]
    public async Task LogoutAll_RevokesEveryTokenAtOnce_OnRestAndOnTheHub_AndASignInAfterwardsWorks()
    {
        var coach = await CoachAsync();
        var client = await RegisterAsync();
        var otherDevice = await LoginAsync(client.Email, Password);

        Assert.Equal(HttpStatusCode.NoContent, (await client.Http.PostAsync("/api/auth/logout-all", null)).StatusCode);

        var fresh = await LoginAsync(client.Email, Password);
        await AssertRevokedAsync([client, otherDevice], fresh, coach);
    }

    [Fact]
    public async Task ChangePassword_RevokesEarlierTokens_AndAnswersWithAWorkingOne()
    {
        var coach = await CoachAsync();
        var client = await RegisterAsync();
        var otherDevice = await LoginAsync(client.Email, Password);
        const string newPassword = "a brand new passphrase 7";

        var response = await client.Http.PostAsJsonAsync("/api/auth/password", new { currentPassword = Password, newPassword });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var fresh = UserFrom(await response.Content.ReadFromJsonAsync<JsonElement>(), client.Email);
        await AssertRevokedAsync([client, otherDevice], fresh, coach);
        await AssertProblemAsync(await PostLoginAsync(client.Email, Password, OwnerIp), HttpStatusCode.Unauthorized, "invalid_credentials");
        Assert.Equal(HttpStatusCode.OK, (await PostLoginAsync(client.Email, newPassword, OwnerIp)).StatusCode);
    }

    [Fact]
    public async Task ChangePassword_Refusals_ChangeNothing()
    {
        var client = await RegisterAsync();
        var hashBefore = await PasswordHashAsync(client.Id);

        await AssertProblemAsync(await Anonymous().PostAsJsonAsync("/api/auth/password", new { currentPassword = Password, newPassword = "a brand new passphrase 7" }),
            HttpStatusCode.Unauthorized, "unauthenticated");
        await AssertProblemAsync(await client.Http.PostAsJsonAsync("/api/auth/password", new { currentPassword = "not my password", newPassword = "a brand new passphrase 7" }),
            HttpStatusCode.BadRequest, "wrong_password");
        var weak = await client.Http.PostAsJsonAsync("/api/auth/password", new { currentPassword = Password, newPassword = "password123" });
        await AssertProblemAsync(weak, HttpStatusCode.BadRequest, "weak_password");
        Assert.Equal("common", (await weak.Content.ReadFromJsonAsync<JsonElement>()).Str("reason"));
        await AssertProblemAsync(await client.Http.PostAsJsonAsync("/api/auth/password", new { currentPassword = Password }), HttpStatusCode.BadRequest, "weak_password");

        Assert.Equal(hashBefore, await PasswordHashAsync(client.Id));
        Assert.Equal(HttpStatusCode.OK, (await client.Http.GetAsync("/api/auth/me")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PostLoginAsync(client.Email, Password, OwnerIp)).StatusCode);
    }

    [Fact]
    public async Task ChangePassword_GuessingTheCurrentPassword_IsThrottledLikeALogin()
    {
        var client = await RegisterAsync();
        for (var i = 0; i < 5; i++)
        {
            await AssertProblemAsync(await client.Http.PostAsJsonAsync("/api/auth/password", new { currentPassword = $"guess {i}", newPassword = "a brand new passphrase 7" }),
                HttpStatusCode.BadRequest, "wrong_password");
        }

        var throttled = await client.Http.PostAsJsonAsync("/api/auth/password", new { currentPassword = Password, newPassword = "a brand new passphrase 7" });

        await AssertProblemAsync(throttled, HttpStatusCode.TooManyRequests, "login_throttled");
        Assert.NotNull(throttled.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.OK, (await client.Http.GetAsync("/api/auth/me")).StatusCode);
    }

    /// <summary>
    /// The old tokens get 401 on a protected route and are anonymous on the hub (a new connection
    /// with one hears nothing of the account's bookings); the fresh token does both.
    /// </summary>
    private async Task AssertRevokedAsync(User[] revoked, User fresh, User coach)
    {
        foreach (var old in revoked)
        {
            await AssertProblemAsync(await old.Http.GetAsync("/api/auth/me"), HttpStatusCode.Unauthorized, "unauthenticated");
            await AssertProblemAsync(await old.Http.GetAsync("/api/sessions/mine"), HttpStatusCode.Unauthorized, "unauthenticated");
        }

        Assert.Equal(HttpStatusCode.OK, (await fresh.Http.GetAsync("/api/auth/me")).StatusCode);
        var connections = new List<TestClient>();
        try
        {
            foreach (var token in revoked.Select(u => u.Token).Append(fresh.Token))
            {
                var connection = await TestClient.ConnectAsync(new Uri(Server.BaseUri, $"/hubs/session?access_token={Uri.EscapeDataString(token)}"));
                connections.Add(connection);
                await connection.Connection.InvokeAsync<long>("Ping");
            }

            var id = (await BookedAsync(fresh, coach, Wednesday10)).Str("id");

            Assert.Equal(id, (await connections[^1].WaitFor("bookingChanged")).GetProperty("session").Str("id"));
            foreach (var old in connections.SkipLast(1))
            {
                await old.Send("WatchCoach", new { coachId = coach.Id.ToString() }); // a round trip after the booking's events
                Assert.DoesNotContain(old.Events, e => e.Name == "bookingChanged");
            }
        }
        finally
        {
            foreach (var connection in connections) await connection.DisposeAsync();
        }
    }

    private async Task<string> PasswordHashAsync(Guid id) =>
        (await Server.Services.GetRequiredService<IAccountStore>().FindAsync(id, default))!.PasswordHash;

    private Task<HttpResponseMessage> PostLoginAsync(string email, string password, string ip)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/login") { Content = JsonContent.Create(new { email, password }) };
        request.Headers.Add("X-Forwarded-For", ip);
        return Server.Http.SendAsync(request);
    }

    /// <summary>Status, content type and body, without the per-request traceId.</summary>
    private static async Task<string> DescribeAsync(HttpResponseMessage response)
    {
        var body = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        body.Remove("traceId");
        return $"{(int)response.StatusCode} {response.Content.Headers.ContentType} {body.ToJsonString()}";
    }
}
