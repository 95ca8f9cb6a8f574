using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Huddle.Core.Coaching;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Huddle.Server.Tests.Api.Coaching;

public class AuthApiTests : CoachingTest
{
    [Fact]
    public async Task Register_ReturnsATokenThatIdentifiesTheClient()
    {
        var user = await RegisterAsync("Ada");

        var me = await user.Http.GetFromJsonAsync<JsonElement>("/api/auth/me");

        Assert.Equal(user.Id, me.GetProperty("id").GetGuid());
        Assert.Equal(["client"], me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal("Ada", me.GetProperty("name").GetString());
    }

    [Fact]
    public async Task Register_SameEmailInAnyCase_IsAConflict()
    {
        var user = await RegisterAsync();

        var again = await Server.Http.PostAsJsonAsync("/api/auth/register", new { email = user.Email.ToUpperInvariant(), password = Password });

        await AssertProblemAsync(again, HttpStatusCode.Conflict, "email_taken");
    }

    [Theory]
    [InlineData("not-an-email", "long enough pw", "invalid_email")]
    [InlineData("a@b.c", "short", "weak_password")]
    [InlineData("a@b.c", "aaaaaaaaaaaa", "weak_password")]
    [InlineData("", "long enough pw", "invalid_email")]
    public async Task Register_BadInput_IsRefusedAndCreatesNothing(string email, string password, string code)
    {
        var response = await Server.Http.PostAsJsonAsync("/api/auth/register", new { email, password });

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, code);
        var login = await Server.Http.PostAsJsonAsync("/api/auth/login", new { email, password });
        await AssertProblemAsync(login, HttpStatusCode.Unauthorized, "invalid_credentials");
    }

    [Fact]
    public async Task Login_WrongPasswordOrUnknownEmail_IsTheSameRefusal()
    {
        var user = await RegisterAsync();

        await AssertProblemAsync(await Server.Http.PostAsJsonAsync("/api/auth/login", new { email = user.Email, password = "wrong password" }),
            HttpStatusCode.Unauthorized, "invalid_credentials");
        await AssertProblemAsync(await Server.Http.PostAsJsonAsync("/api/auth/login", new { email = "nobody@example.com", password = Password }),
            HttpStatusCode.Unauthorized, "invalid_credentials");
    }

    [Fact]
    public async Task Login_WithAnOutdatedPasswordHash_Succeeds_AndUpgradesTheHash()
    {
        var user = await RegisterAsync();
        var store = Server.Services.GetRequiredService<IAccountStore>();
        var account = (await store.FindAsync(user.Id, default))!;
        var v2 = new PasswordHasher<Account>(Microsoft.Extensions.Options.Options.Create(new PasswordHasherOptions { CompatibilityMode = PasswordHasherCompatibilityMode.IdentityV2 }));
        await store.UpdatePasswordHashAsync(user.Id, v2.HashPassword(account, Password), default);

        Assert.Equal(HttpStatusCode.OK, (await PostLoginAsync(user.Email, Password)).StatusCode);

        var upgraded = (await store.FindAsync(user.Id, default))!.PasswordHash;
        Assert.Equal(0x01, Convert.FromBase64String(upgraded)[0]); // Identity's v3 format marker
        Assert.Equal(HttpStatusCode.OK, (await PostLoginAsync(user.Email, Password)).StatusCode);
        await AssertProblemAsync(await PostLoginAsync(user.Email, "wrong password"), HttpStatusCode.Unauthorized, "invalid_credentials");
    }

    private Task<HttpResponseMessage> PostLoginAsync(string email, string password) =>
        Server.Http.PostAsJsonAsync("/api/auth/login", new { email, password });

    [Fact]
    public async Task ProtectedRoute_WithoutOrWithABadToken_IsUnauthenticated()
    {
        var anonymous = Anonymous();
        await AssertProblemAsync(await anonymous.GetAsync("/api/auth/me"), HttpStatusCode.Unauthorized, "unauthenticated");

        anonymous.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "eyJhbGciOiJIUzI1NiJ9.e30.bad");
        await AssertProblemAsync(await anonymous.GetAsync("/api/sessions/mine"), HttpStatusCode.Unauthorized, "unauthenticated");
    }

    [Fact]
    public async Task BootstrapAdmin_IsCreatedOnce_AndCanGrantTheCoachRole_WhichTakesEffectAtOnce()
    {
        var user = await RegisterAsync();
        await AssertProblemAsync(await user.Http.GetAsync("/api/coaches/me/availability"), HttpStatusCode.Forbidden, "not_allowed");

        var grant = await Admin.Http.PostAsJsonAsync($"/api/admin/users/{user.Id}/roles", new { role = "coach" });

        Assert.Equal(HttpStatusCode.OK, grant.StatusCode);
        Assert.Equal(["client", "coach"], (await grant.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        // The same token: roles are read from the database on every request.
        Assert.Equal(HttpStatusCode.OK, (await user.Http.GetAsync("/api/coaches/me/availability")).StatusCode);
    }

    [Fact]
    public async Task AdminAccounts_UseTheOperatorsAdminApi_OtherAccountsAreRefused()
    {
        Assert.Equal(HttpStatusCode.OK, (await Admin.Http.GetAsync("/api/admin/sessions")).StatusCode);
        var client = await RegisterAsync();
        await AssertProblemAsync(await client.Http.GetAsync("/api/admin/sessions"), HttpStatusCode.Forbidden, "not_allowed");
    }

    [Fact]
    public async Task GrantRole_Refusals()
    {
        var user = await RegisterAsync();
        var coach = await CoachAsync();

        await AssertProblemAsync(await Anonymous().PostAsJsonAsync($"/api/admin/users/{user.Id}/roles", new { role = "coach" }), HttpStatusCode.Unauthorized, "unauthenticated");
        await AssertProblemAsync(await user.Http.PostAsJsonAsync($"/api/admin/users/{user.Id}/roles", new { role = "admin" }), HttpStatusCode.Forbidden, "not_allowed");
        await AssertProblemAsync(await coach.Http.PostAsJsonAsync($"/api/admin/users/{user.Id}/roles", new { role = "admin" }), HttpStatusCode.Forbidden, "not_allowed");
        await AssertProblemAsync(await Admin.Http.PostAsJsonAsync($"/api/admin/users/{user.Id}/roles", new { role = "owner" }), HttpStatusCode.BadRequest, "invalid_role");
        await AssertProblemAsync(await Admin.Http.PostAsJsonAsync($"/api/admin/users/{Guid.NewGuid()}/roles", new { role = "coach" }), HttpStatusCode.NotFound, "account_not_found");
        Assert.Equal(["client"], (await user.Http.GetFromJsonAsync<JsonElement>("/api/auth/me")).GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
    }
}
