using OrleansScheduler.Silo.Tests.Infrastructure;

namespace OrleansScheduler.Silo.Tests;

public sealed class RedisGatewayApiTests(RedisSiloFixture silo) : GatewayApiTests(silo), IClassFixture<RedisSiloFixture>
{
    [Fact]
    public void the_silo_keeps_its_tasks_in_redis_when_scheduler_redis_is_configured() =>
        Assert.Equal("RedisTaskStore", silo.Store.GetType().Name);
}
