using System.Text;
using Microsoft.Extensions.DependencyInjection;
using OrleansScheduler.Alerts;
using OrleansScheduler.Grains;
using OrleansScheduler.Server.Tests.Infrastructure;
using OrleansScheduler.Tasks;
using OrleansScheduler.Testing;
using Xunit.Abstractions;
using Response = OrleansScheduler.Testing.LoopbackHttpServer.Response;

namespace OrleansScheduler.Server.Tests;

/// <summary>Alerts in a cluster: evaluated once for all silos, delivered signed to a webhook receiver on loopback, retried, deduplicated.</summary>
public abstract class AlertTests(Func<ClusterStorage> storage, ITestOutputHelper output) : ClusterTestBase(storage, output), IAsyncLifetime
{
    private const string Secret = "s3cret-for-tests";
    private LoopbackHttpServer? _receiver;

    private LoopbackHttpServer Receiver => _receiver ?? throw new InvalidOperationException("Start the receiver first.");

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        if (_receiver is not null) await _receiver.DisposeAsync();
    }

    /// <summary>Starts the receiver and <paramref name="silos"/> silos alerting to it through <paramref name="kinds"/>, one rule each.</summary>
    protected async Task StartAsync(int silos, Func<LoopbackHttpServer.Request, Response> respond, params AlertKind[] kinds)
    {
        _receiver = new LoopbackHttpServer(respond);
        await DeployAsync(silos, silo: s => s.Services.Configure<AlertOptions>(o =>
        {
            o.EvaluationInterval = TimeSpan.FromMilliseconds(100);
            o.RetryBaseDelay = TimeSpan.FromMilliseconds(300);
            o.Secrets["hooks"] = Secret;
            foreach (var kind in kinds)
                o.Rules.Add(new AlertRule { Name = $"on-{kind}", Kind = kind, WebhookUrl = Receiver.Url($"/hook/{kind}"), Secret = "hooks" });
        }));
    }

    private Task<string> SubmitFailingAsync() =>
        SubmitAsync(new TaskSubmission { Type = "fail", Payload = """{"times":100}""", MaxAttempts = 1 });

    private Task<IReadOnlyList<LoopbackHttpServer.Request>> WaitForRequestsAsync(Func<LoopbackHttpServer.Request, bool> which, int count, string what) =>
        Eventually.Until(() => Task.FromResult<IReadOnlyList<LoopbackHttpServer.Request>>([.. Receiver.Requests.Where(which)]),
            r => r.Count >= count, what, Patience);

    private static AlertFiring Firing(LoopbackHttpServer.Request request) => AlertWebhookBody.Deserialize(request.Body)!;

    private static bool About(LoopbackHttpServer.Request request, string subject) => Firing(request).Subject == subject;

    [Fact]
    public async Task a_dead_lettered_task_fires_exactly_one_signed_webhook_although_three_silos_run()
    {
        await StartAsync(3, _ => new Response(204), AlertKind.TaskFailed);

        string first = await SubmitFailingAsync();
        var request = (await WaitForRequestsAsync(r => About(r, first), 1, $"the webhook for task {first}")).Single();
        // A second failure's webhook arriving shows evaluations went on after the first: none of them sent the first again.
        string second = await SubmitFailingAsync();
        await WaitForRequestsAsync(r => About(r, second), 1, $"the webhook for task {second}");

        Assert.Single(Receiver.Requests, r => About(r, first));
        Assert.Equal("POST", request.Method);
        Assert.True(WebhookSignature.Verify(Secret, Encoding.UTF8.GetBytes(request.Body), request.Header(WebhookSignature.Header)),
            $"the signature {request.Header(WebhookSignature.Header)} must be the HMAC of the body {request.Body}");
        var firing = Firing(request);
        Assert.Equal(("on-TaskFailed", AlertKind.TaskFailed, TaskLimits.DefaultQueue), (firing.Rule, firing.Kind, firing.Queue));
        Assert.Equal(firing.FiredAt.ToUnixTimeSeconds().ToString(), request.Header(WebhookSignature.TimestampHeader));
        Assert.Equal(firing.Id, request.Header(WebhookSignature.IdHeader));
        var listed = await Client.GetGrain<IAlertGrain>(0).ListFiringsAsync();
        Assert.Contains(listed.Alerts, a => a.Id == firing.Id);
    }

    [Fact]
    public async Task a_receiver_answering_500_gets_the_same_signed_body_again_after_growing_waits_until_it_answers_2xx()
    {
        await StartAsync(1, r => r.Number <= 2 ? new Response(500, "down") : new Response(200), AlertKind.TaskFailed);

        string id = await SubmitFailingAsync();
        var requests = await WaitForRequestsAsync(r => About(r, id), 3, $"three deliveries of the webhook for task {id}");

        Assert.Single(requests.Select(r => r.Body).Distinct());
        Assert.Single(requests.Select(r => r.Header(WebhookSignature.Header)).Distinct());
        var answers = Receiver.Answers;
        var firstWait = requests[1].ReceivedAt - answers[0].At;
        var secondWait = requests[2].ReceivedAt - answers[1].At;
        Assert.True(firstWait >= TimeSpan.FromMilliseconds(280), $"the first retry came {firstWait.TotalMilliseconds:0} ms after the 500; the base delay is 300 ms");
        Assert.True(secondWait >= TimeSpan.FromMilliseconds(580), $"the second retry came {secondWait.TotalMilliseconds:0} ms after the 500; it waits twice the base");
        Assert.Equal(200, Receiver.Answers[2].Status);
        Assert.Equal(3, Receiver.Requests.Count);
    }

    [Fact]
    public async Task a_killed_silo_fires_one_silo_dead_alert_from_the_whole_cluster()
    {
        await StartAsync(3, _ => new Response(200), AlertKind.SiloDead, AlertKind.TaskFailed);
        string host = await Client.GetGrain<IAlertGrain>(0).GetHostAsync();
        var victim = Cluster.ActiveSilos.First(s => SchedulerCluster.IdOf(s) != host);
        string victimId = SchedulerCluster.IdOf(victim);

        await Cluster.KillSiloAsync(victim);
        await WaitForRequestsAsync(r => About(r, victimId), 1, $"the silo-dead webhook for {victimId}");
        string later = await SubmitFailingAsync();
        await WaitForRequestsAsync(r => About(r, later), 1, $"the webhook for task {later}, sent after the silo's");

        var dead = Assert.Single(Receiver.Requests, r => Firing(r).Kind == AlertKind.SiloDead);
        Assert.Equal(victimId, Firing(dead).Subject);
        Assert.Equal("/hook/SiloDead", dead.Target);
    }

    [Fact]
    public async Task a_rule_from_configuration_is_listed_as_such_and_the_api_can_neither_replace_nor_delete_it()
    {
        await StartAsync(1, _ => new Response(200), AlertKind.CronMissed);
        var grain = Client.GetGrain<IAlertGrain>(0);

        var rule = Assert.Single((await grain.ListRulesAsync()).Rules);
        Assert.Equal(("on-CronMissed", AlertLimits.FromConfiguration), (rule.Name, rule.Source));
        await Assert.ThrowsAsync<InvalidOperationException>(() => grain.PutRuleAsync(rule with { WebhookUrl = "http://127.0.0.1:9/elsewhere" }));
        await Assert.ThrowsAsync<InvalidOperationException>(() => grain.DeleteRuleAsync(rule.Name));
        Assert.Equal(Receiver.Url("/hook/CronMissed"), (await grain.GetRuleAsync(rule.Name))!.WebhookUrl);
    }
}
