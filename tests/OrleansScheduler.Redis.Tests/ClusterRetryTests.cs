namespace OrleansScheduler.Redis.Tests;

/// <summary>Which Redis Cluster errors the store retries: only those after which the call provably changed nothing.</summary>
public sealed class ClusterRetryTests
{
    [Theory]
    [InlineData("TRYAGAIN Multiple keys request during rehashing of slot", "submit")]
    [InlineData("CLUSTERDOWN The cluster is down", "complete")]
    [InlineData("ERR Script attempted to access a non local key in a cluster node script: f, on @user_script:12.", "get")]
    [InlineData("ERR Script attempted to execute a command while the cluster is down", "stats")]
    public void a_refused_call_or_a_read_only_script_stopped_by_the_cluster_is_retried(string error, string script) =>
        Assert.True(RedisClusterRetry.DidNothing(error, script));

    [Theory]
    [InlineData("ERR Script attempted to access a non local key in a cluster node script: f, on @user_script:12.", "complete")]
    [InlineData("ERR Script attempted to execute a command while the cluster is down", "submit")]
    [InlineData("NOSCRIPT No matching script", "get")]
    [InlineData("ERR something else", "get")]
    public void a_writing_script_stopped_half_way_or_any_other_error_is_not_retried(string error, string script) =>
        Assert.False(RedisClusterRetry.DidNothing(error, script));
}
