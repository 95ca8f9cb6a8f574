using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Huddle.Server.Tests.Infrastructure;

namespace Huddle.Server.Tests.Api.Coaching;

/// <summary>
/// The admin's people routes (search accounts, grant and remove roles) × anonymous / a client /
/// a coach / an admin account / the operator's admin key, and what each route promises.
/// </summary>
public class AdminUsersApiTests : CoachingTest
{
    private const string AdminKey = "operator-admin-key-0123456789";

    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings => [new("Admin:Key", AdminKey)];

    public static TheoryData<string, string, int> Routes => new()
    {
        { "search", "anonymous", 401 }, { "search", "client", 403 }, { "search", "coach", 403 }, { "search", "admin", 200 }, { "search", "key", 200 },
        { "grant", "anonymous", 401 }, { "grant", "client", 403 }, { "grant", "coach", 403 }, { "grant", "admin", 200 }, { "grant", "key", 200 },
        { "remove", "anonymous", 401 }, { "remove", "client", 403 }, { "remove", "coach", 403 }, { "remove", "admin", 200 }, { "remove", "key", 200 },
    };

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task AdminUserRoute_EachCallerGetsItsAnswer_AndARefusalChangesNothing(string route, string caller, int expected)
    {
        // grant: a client who would become a coach; remove: a coach who would stop being one.
        var target = route == "remove" ? await CoachAsync(name: "Target") : await RegisterAsync("Target");
        var http = caller switch
        {
            "anonymous" => Anonymous(),
            "client" => (await RegisterAsync("Caller")).Http,
            "coach" => (await CoachAsync(name: "Caller coach")).Http,
            "admin" => Admin.Http,
            "key" => KeyClient(),
            _ => throw new ArgumentOutOfRangeException(nameof(caller)),
        };

        var response = route switch
        {
            "search" => await http.GetAsync("/api/admin/users?q=target"),
            "grant" => await http.PostAsJsonAsync($"/api/admin/users/{target.Id}/roles", new { role = "coach" }),
            "remove" => await http.DeleteAsync($"/api/admin/users/{target.Id}/roles/coach"),
            _ => throw new ArgumentOutOfRangeException(nameof(route)),
        };

        var refused = expected is 401 or 403;
        if (refused)
            // The operator's key scheme answers an anonymous call when a key is configured; the account scheme answers a signed-in one.
            await AssertProblemAsync(response, (HttpStatusCode)expected, expected == 401 ? "unauthorized" : "not_allowed");
        else
            Assert.True((int)response.StatusCode == expected, $"{route} as {caller}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        var roles = await RolesAsync(target);
        var coachBefore = route == "remove";
        var coachAfter = route switch { "grant" => !refused, "remove" => refused, _ => coachBefore };
        Assert.Equal(coachAfter ? ["client", "coach"] : ["client"], roles);
        if (route == "search" && !refused)
            Assert.Equal([target.Id], (await response.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().Select(a => a.GetProperty("id").GetGuid()));
    }

    [Fact]
    public async Task Search_FindsByEmailOrNameIgnoringCase_NewestFirst_WithoutPasswordHashes()
    {
        var ada = await RegisterAsAsync("ada@lovelace.example", "Ada");
        Time.Advance(TimeSpan.FromMinutes(1));
        var grace = await RegisterAsAsync("grace@navy.example", "Grace Lovelace-Hopper");
        Time.Advance(TimeSpan.FromMinutes(1));
        await RegisterAsAsync("alan@turing.example", "Alan");

        var byBoth = await SearchAsync("LOVELACE");
        var byEmail = await SearchAsync("navy.EXAMPLE");

        Assert.Equal([grace, ada], byBoth.EnumerateArray().Select(a => a.GetProperty("id").GetGuid()));
        Assert.Equal([grace], byEmail.EnumerateArray().Select(a => a.GetProperty("id").GetGuid()));
        var first = byBoth[0];
        Assert.Equal("grace@navy.example", first.Str("email"));
        Assert.Equal("Grace Lovelace-Hopper", first.Str("name"));
        Assert.Equal(["client"], first.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(Start.AddMinutes(1), first.GetProperty("createdAt").GetDateTimeOffset());
        Assert.Equal(["createdAt", "email", "id", "name", "roles"], first.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Search_MatchesPercentAndUnderscoreLiterally()
    {
        var percent = await RegisterAsAsync("percent@example.com", "100% sure");
        var underscore = await RegisterAsAsync("first_last@example.com", "Under Score");
        await RegisterAsAsync("firstxlast@example.com", "100 sure");

        Assert.Equal([percent], (await SearchAsync("%")).EnumerateArray().Select(a => a.GetProperty("id").GetGuid()));
        Assert.Equal([underscore], (await SearchAsync("t_l")).EnumerateArray().Select(a => a.GetProperty("id").GetGuid()));
    }

    [Fact]
    public async Task Search_WithoutQuery_ListsTheNewestUpToTheLimit()
    {
        for (var i = 0; i < 3; i++)
        {
            Time.Advance(TimeSpan.FromMinutes(1));
            await RegisterAsync($"Person {i}");
        }

        var two = await Admin.Http.GetFromJsonAsync<JsonElement>("/api/admin/users?limit=2");
        var all = await Admin.Http.GetFromJsonAsync<JsonElement>("/api/admin/users");

        Assert.Equal(["Person 2", "Person 1"], two.EnumerateArray().Select(a => a.Str("name")));
        Assert.Equal(4, all.GetArrayLength()); // the three and the bootstrap admin
        Assert.Equal(AdminEmail, all[3].Str("email"));
    }

    [Theory]
    [InlineData("limit=0")]
    [InlineData("limit=201")]
    [InlineData("limit=many")]
    [InlineData("q=%01admin")]
    [InlineData("q=a%0Ab")]
    public async Task Search_BadInput_IsRefusedWithInvalidInput(string query)
    {
        await AssertProblemAsync(await Admin.Http.GetAsync($"/api/admin/users?{query}"), HttpStatusCode.BadRequest, "invalid_input");
    }

    [Fact]
    public async Task Search_QueryLongerThan100Characters_IsRefused_And100IsAccepted()
    {
        await AssertProblemAsync(await Admin.Http.GetAsync($"/api/admin/users?q={new string('a', 101)}"), HttpStatusCode.BadRequest, "invalid_input");
        Assert.Equal(HttpStatusCode.OK, (await Admin.Http.GetAsync($"/api/admin/users?q={new string('a', 100)}")).StatusCode);
    }

    [Fact]
    public async Task RemoveCoach_TakesThemOffTheDirectory_AndTheirTokenLosesCoachRights()
    {
        var coach = await CoachAsync(name: "Leaving coach");

        var response = await Admin.Http.DeleteAsync($"/api/admin/users/{coach.Id}/roles/coach");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["client"], (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        await AssertProblemAsync(await Anonymous().GetAsync($"/api/coaches/{coach.Id}"), HttpStatusCode.NotFound, "coach_not_found");
        await AssertProblemAsync(await coach.Http.GetAsync("/api/coaches/me/availability"), HttpStatusCode.Forbidden, "not_allowed");
    }

    [Fact]
    public async Task RemoveOwnAdminRole_IsRefused_AndTheAdminStaysAdmin()
    {
        await AssertProblemAsync(await Admin.Http.DeleteAsync($"/api/admin/users/{Admin.Id}/roles/admin"), HttpStatusCode.Conflict, "cannot_remove_own_admin");

        Assert.Equal(["admin", "client"], await RolesAsync(Admin));
        Assert.Equal(HttpStatusCode.OK, (await Admin.Http.GetAsync("/api/admin/users")).StatusCode);
    }

    [Fact]
    public async Task RemoveAnotherAdminsAdminRole_IsAllowed_ForAnAdminAccountAndForTheKey()
    {
        var second = await RegisterAsync("Second admin");
        (await Admin.Http.PostAsJsonAsync($"/api/admin/users/{second.Id}/roles", new { role = "admin" })).EnsureSuccessStatusCode();

        Assert.Equal(HttpStatusCode.OK, (await second.Http.DeleteAsync($"/api/admin/users/{Admin.Id}/roles/admin")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await KeyClient().DeleteAsync($"/api/admin/users/{second.Id}/roles/admin")).StatusCode);

        Assert.Equal(["client"], await RolesAsync(Admin));
        Assert.Equal(["client"], await RolesAsync(second));
        await AssertProblemAsync(await second.Http.GetAsync("/api/admin/users"), HttpStatusCode.Forbidden, "not_allowed");
    }

    [Theory]
    [InlineData("client")]
    [InlineData("owner")]
    public async Task RemoveRole_ThatCannotBeRemoved_IsRefused_AndNothingChanges(string role)
    {
        var coach = await CoachAsync();

        await AssertProblemAsync(await Admin.Http.DeleteAsync($"/api/admin/users/{coach.Id}/roles/{role}"), HttpStatusCode.BadRequest, "invalid_role");

        Assert.Equal(["client", "coach"], await RolesAsync(coach));
    }

    [Fact]
    public async Task RemoveRole_OfUnknownAccount_IsNotFound()
    {
        await AssertProblemAsync(await Admin.Http.DeleteAsync($"/api/admin/users/{Guid.NewGuid()}/roles/coach"), HttpStatusCode.NotFound, "account_not_found");
    }

    private HttpClient KeyClient()
    {
        var http = Anonymous();
        http.DefaultRequestHeaders.Add("X-Admin-Key", AdminKey);
        return http;
    }

    private async Task<Guid> RegisterAsAsync(string email, string name)
    {
        var response = await Server.Http.PostAsJsonAsync("/api/auth/register", new { email, password = Password, name });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("account").GetProperty("id").GetGuid();
    }

    private Task<JsonElement> SearchAsync(string q) => Admin.Http.GetFromJsonAsync<JsonElement>($"/api/admin/users?q={Uri.EscapeDataString(q)}");

    private static async Task<List<string?>> RolesAsync(User user) =>
        [.. (await user.Http.GetFromJsonAsync<JsonElement>("/api/auth/me")).GetProperty("roles").EnumerateArray().Select(r => r.GetString())];
}
