using Microsoft.EntityFrameworkCore;
using Touchpoint.Platform.Localization;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Touchpoint.Platform.Persistence;

namespace Touchpoint.Features.Knowledge;

/// <summary>Why the customer got in touch (seed 002). Configurable; the key is what the API and reports use.</summary>
public sealed class Topic
{
    public required string Key { get; init; }
    public required string NameEn { get; set; }
    public required string NameRu { get; set; }
    public required string NamePl { get; set; }
    public int Position { get; set; }
    public bool Active { get; set; } = true;

    public string Name(string language) => Languages.Normalize(language) switch
    {
        "ru" => NameRu,
        "pl" => NamePl,
        _ => NameEn,
    };
}

public static class Topics
{
    public const string OrderFulfilment = "order_fulfilment";
    public const string PaymentMethods = "payment_methods";
    public const string PaymentStatus = "payment_status";
    public const string Returns = "returns";
    public const string Complaints = "complaints";
    public const string ProductQuestion = "product_question";
    public const string Other = "other";

    /// <summary>The reasons customers contact a store, as seed 002 lists them; written by the migration.</summary>
    public static readonly IReadOnlyList<Topic> Seed =
    [
        new() { Key = OrderFulfilment, Position = 1, NameEn = "Order fulfilment", NameRu = "Выполнение заказа", NamePl = "Realizacja zamówienia" },
        new() { Key = PaymentMethods, Position = 2, NameEn = "Payment methods", NameRu = "Способы оплаты", NamePl = "Metody płatności" },
        new() { Key = PaymentStatus, Position = 3, NameEn = "Payment status", NameRu = "Статус оплаты", NamePl = "Status płatności" },
        new() { Key = Returns, Position = 4, NameEn = "Returns", NameRu = "Возвраты", NamePl = "Zwroty" },
        new() { Key = Complaints, Position = 5, NameEn = "Complaints", NameRu = "Жалобы и рекламации", NamePl = "Reklamacje" },
        new() { Key = ProductQuestion, Position = 6, NameEn = "Product question", NameRu = "Вопрос о товаре", NamePl = "Pytanie o produkt" },
        new() { Key = Other, Position = 7, NameEn = "Other", NameRu = "Другое", NamePl = "Inne" },
    ];
}

/// <summary>Topics change rarely and are read on every page: held in memory, refreshed after an edit or every minute.</summary>
public sealed class TopicCatalog(IServiceScopeFactory scopes, TimeProvider time)
{
    private readonly CachedTable<Topic> _table = new(scopes, time, TimeSpan.FromMinutes(1),
        (db, ct) => db.Set<Topic>().AsNoTracking().OrderBy(t => t.Position).ThenBy(t => t.Key).ToListAsync(ct));

    public ValueTask<IReadOnlyList<Topic>> AllAsync(CancellationToken ct) => _table.GetAsync(ct);

    public async ValueTask<bool> ExistsAsync(string key, CancellationToken ct) => (await AllAsync(ct)).Any(t => t.Key == key && t.Active);

    public async ValueTask<string> NameAsync(string key, string language, CancellationToken ct) =>
        (await AllAsync(ct)).FirstOrDefault(t => t.Key == key)?.Name(language) ?? key;

    public void Invalidate() => _table.Invalidate();
}

internal sealed class TopicConfiguration : IEntityTypeConfiguration<Topic>
{
    public void Configure(EntityTypeBuilder<Topic> b)
    {
        b.ToTable("topics");
        b.HasKey(x => x.Key);
        b.Property(x => x.Key).HasMaxLength(64);
        b.Property(x => x.NameEn).HasMaxLength(100);
        b.Property(x => x.NameRu).HasMaxLength(100);
        b.Property(x => x.NamePl).HasMaxLength(100);
        b.HasData(Topics.Seed.Select(t => new { t.Key, t.NameEn, t.NameRu, t.NamePl, t.Position, t.Active }));
    }
}
