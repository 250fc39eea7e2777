using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OrleansScheduler.Http;

namespace OrleansScheduler.Silo.Tests;

/// <summary>Key settings the API (so a silo or a gateway) refuses to start with, and <see cref="ApiKeyRoles.RoleOf"/> as the dashboard calls it.</summary>
public sealed class ApiKeySettingsTests
{
    private const string Secret = "the-secret-1234";

    public static TheoryData<string, string, string, string, string> BadSettings => new()
    {
        // key 0, role 0, key 1, role 1 → the message expected
        { Secret, "write", "other-key", "read", "Scheduler:ApiKeys:0:Role must be read or admin." },
        { "", "read", "other-key", "admin", "Scheduler:ApiKeys:0:Key is empty" },
        { Secret, "read", Secret, "admin", "Scheduler:ApiKeys:1:Key is the same key as Scheduler:ApiKeys:0" },
        { Secret, "", "other-key", "admin", "Scheduler:ApiKeys:0:Role is missing" },
    };

    private static Dictionary<string, string?> Keys(string key0, string role0, string key1, string role1) => new()
    {
        ["Scheduler:ApiKeys:0:Key"] = key0,
        ["Scheduler:ApiKeys:0:Role"] = role0,
        ["Scheduler:ApiKeys:1:Key"] = key1,
        ["Scheduler:ApiKeys:1:Role"] = role1,
    };

    /// <summary>What both executables do once built: map the API, which resolves (and so validates) the keys before the app listens.</summary>
    private static OptionsValidationException Refusal(Dictionary<string, string?> settings)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddTaskSchedulerApi(builder.Configuration);
        var app = builder.Build();
        return Assert.Throws<OptionsValidationException>(() => app.MapTaskSchedulerApi());
    }

    [Theory]
    [MemberData(nameof(BadSettings))]
    public void the_api_refuses_to_start_with_a_bad_key_naming_the_key_by_index_never_by_value(string key0, string role0, string key1, string role1, string expected)
    {
        var refused = Refusal(Keys(key0, role0, key1, role1));

        Assert.Contains(expected, refused.Message);
        Assert.DoesNotContain(Secret, refused.ToString());
    }

    [Fact]
    public void the_api_refuses_a_key_equal_to_the_single_key_of_before()
    {
        var refused = Refusal(new Dictionary<string, string?>(Keys("other-key", "read", Secret, "read")) { ["Scheduler:ApiKey"] = Secret });

        Assert.Contains("Scheduler:ApiKeys:1:Key is the same key as Scheduler:ApiKey", refused.Message);
        Assert.DoesNotContain(Secret, refused.ToString());
    }

    [Fact]
    public void keys_given_as_environment_variables_bind_and_named_keys_work_as_indexes_do()
    {
        var options = new ApiOptions();
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            // What Scheduler__ApiKeys__ci__Key and friends become once the environment provider reads them.
            ["Scheduler:ApiKeys:ci:Key"] = "k1",
            ["Scheduler:ApiKeys:ci:Role"] = "admin",
            ["Scheduler:ApiKeys:0:Key"] = "k2",
            ["Scheduler:ApiKeys:0:Role"] = "read",
        }).Build().GetSection(ApiOptions.Section).Bind(options);

        Assert.Equal(["0", "ci"], options.ApiKeys.Keys.Order());
        Assert.DoesNotContain("k1", options.ApiKeys["ci"].ToString());
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("wrong", null)]
    [InlineData("r-key", ApiRole.Read)]
    [InlineData("a-key", ApiRole.Admin)]
    public void role_of_a_request_is_the_role_of_its_key_and_null_without_a_valid_one(string? key, ApiRole? expected)
    {
        var context = Context(new Dictionary<string, string?>
        {
            ["Scheduler:ApiKeys:reader:Key"] = "r-key",
            ["Scheduler:ApiKeys:reader:Role"] = "read",
            ["Scheduler:ApiKeys:ops:Key"] = "a-key",
            ["Scheduler:ApiKeys:ops:Role"] = "admin",
        }, key);

        Assert.Equal(expected, ApiKeyRoles.RoleOf(context));
    }

    [Fact]
    public void role_of_a_request_without_keys_configured_is_admin_as_the_api_is_open()
    {
        Assert.Equal(ApiRole.Admin, ApiKeyRoles.RoleOf(Context([], key: null)));
    }

    [Theory]
    [InlineData(ApiRole.Read, "GET", true)]
    [InlineData(ApiRole.Read, "HEAD", true)]
    [InlineData(ApiRole.Read, "POST", false)]
    [InlineData(ApiRole.Read, "DELETE", false)]
    [InlineData(ApiRole.Admin, "PUT", true)]
    public void a_read_role_allows_get_and_head_only_and_admin_everything(ApiRole role, string method, bool allowed)
    {
        Assert.Equal(allowed, ApiKeyRoles.Allows(role, method));
    }

    private static DefaultHttpContext Context(Dictionary<string, string?> settings, string? key)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddTaskSchedulerApi(configuration).BuildServiceProvider();
        var context = new DefaultHttpContext { RequestServices = services };
        if (key is not null) context.Request.Headers[ApiKeyRoles.HeaderName] = key;
        return context;
    }
}
