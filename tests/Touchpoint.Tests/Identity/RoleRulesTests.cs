using System.Security.Claims;
using Touchpoint.Features.Identity;
using Touchpoint.Platform.Web;

namespace Touchpoint.Tests.Identity;

public sealed class RoleRulesTests
{
    private static ClaimsPrincipal Person(string id, string role) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, id), new Claim(ClaimTypes.Role, role)], "cookie"));

    private static readonly ClaimsPrincipal Key = new(new ClaimsIdentity([new Claim(Actors.ApiKeyNameClaim, "shop")], "ApiKey"));

    [Theory]
    [InlineData(Roles.Agent, Roles.Auditor)]
    [InlineData(Roles.Auditor, Roles.Agent)]
    public void A_service_owner_moves_people_between_agent_and_auditor(string from, string to) =>
        Assert.Null(RoleRules.Refusal(Person("owner", Roles.ServiceOwner), "someone", from, to));

    [Theory]
    [InlineData(Roles.Agent, Roles.Admin)]
    [InlineData(Roles.Agent, Roles.ServiceOwner)]
    [InlineData(Roles.Admin, Roles.Agent)]
    [InlineData(Roles.ServiceOwner, Roles.Auditor)]
    [InlineData(null, Roles.Admin)]
    public void Only_an_admin_grants_or_removes_admin_and_service_owner(string? from, string to)
    {
        Assert.NotNull(RoleRules.Refusal(Person("owner", Roles.ServiceOwner), "someone", from, to));
        Assert.Null(RoleRules.Refusal(Person("admin", Roles.Admin), "someone", from, to));
    }

    [Theory]
    [InlineData(Roles.ServiceOwner, Roles.Admin)]
    [InlineData(Roles.Admin, Roles.Agent)]
    [InlineData(Roles.Agent, Roles.Auditor)]
    public void Nobody_changes_their_own_role(string from, string to) =>
        Assert.NotNull(RoleRules.Refusal(Person("me", from), "me", from, to));

    [Theory]
    [InlineData(Roles.Agent, Roles.Admin)]
    [InlineData(Roles.Agent, Roles.Auditor)]
    [InlineData(Roles.Admin, Roles.Agent)]
    [InlineData(null, Roles.ServiceOwner)]
    public void An_api_key_never_changes_a_role(string? from, string to) =>
        Assert.NotNull(RoleRules.Refusal(Key, from is null ? null : "someone", from, to));

    [Fact]
    public void An_api_key_may_create_an_agent_and_keep_any_role_as_it_is()
    {
        Assert.Null(RoleRules.Refusal(Key, null, null, Roles.Agent));
        Assert.Null(RoleRules.Refusal(Key, "someone", Roles.Admin, Roles.Admin));
    }
}
