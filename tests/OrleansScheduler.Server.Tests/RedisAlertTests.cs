using OrleansScheduler.Alerts;
using OrleansScheduler.Grains;
using OrleansScheduler.Server.Tests.Infrastructure;
using OrleansScheduler.Testing;
using Xunit.Abstractions;
using Response = OrleansScheduler.Testing.LoopbackHttpServer.Response;

namespace OrleansScheduler.Server.Tests;

public sealed class RedisAlertTests(RedisServer redis, ITestOutputHelper output)
    : AlertTests(() => new RedisClusterStorage(redis), output), IClassFixture<RedisServer>
{
    [Fact]
    public async Task a_rule_put_through_the_grain_outlives_the_silo_the_grain_ran_on()
    {
        await StartAsync(2, _ => new Response(200));
        var grain = Client.GetGrain<IAlertGrain>(0);
        Assert.True(await grain.PutRuleAsync(new AlertRule { Name = "kept", Kind = AlertKind.SiloDead, WebhookUrl = "http://127.0.0.1:9/hook" }));
        string host = await grain.GetHostAsync();

        await Cluster.KillSiloAsync(Cluster.FindSilo(host));
        // Calls fail while Orleans places the grain anew; the next activation reads its state from Redis.
        var rule = await Eventually.Until(async () =>
            {
                try
                {
                    return await grain.GetHostAsync() != host ? await grain.GetRuleAsync("kept") : null;
                }
                catch (Exception e) when (e is OrleansException or TimeoutException)
                {
                    return null;
                }
            }, r => r is not null, "the alert grain on another silo to have the rule", Patience);

        Assert.Equal((AlertKind.SiloDead, AlertLimits.FromApi), (rule!.Kind, rule.Source));
    }
}
