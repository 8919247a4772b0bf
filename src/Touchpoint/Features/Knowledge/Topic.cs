using Microsoft.EntityFrameworkCore;
using Touchpoint.Platform.Localization;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Touchpoint.Platform.Persistence;

namespace Touchpoint.Features.Knowledge;

/// <summary>Why the customer got in touch (seed 002). Configurable; the key is what the API and reports use.</summary>
public sealed class Topic
{
    public required string Key { get; init; }

    /// <summary>The name in each language (see <see cref="LocalizedText"/>).</summary>
    public required LocalizedText Names { get; set; }

    public int Position { get; set; }
    public bool Active { get; set; } = true;

    public string Name(string language) => Names.For(language);
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
        new() { Key = OrderFulfilment, Position = 1, Names = LocalizedText.Of("Order fulfilment", "Выполнение заказа", "Realizacja zamówienia") },
        new() { Key = PaymentMethods, Position = 2, Names = LocalizedText.Of("Payment methods", "Способы оплаты", "Metody płatności") },
        new() { Key = PaymentStatus, Position = 3, Names = LocalizedText.Of("Payment status", "Статус оплаты", "Status płatności") },
        new() { Key = Returns, Position = 4, Names = LocalizedText.Of("Returns", "Возвраты", "Zwroty") },
        new() { Key = Complaints, Position = 5, Names = LocalizedText.Of("Complaints", "Жалобы и рекламации", "Reklamacje") },
        new() { Key = ProductQuestion, Position = 6, Names = LocalizedText.Of("Product question", "Вопрос о товаре", "Pytanie o produkt") },
        new() { Key = Other, Position = 7, Names = LocalizedText.Of("Other", "Другое", "Inne") },
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
        b.Property(x => x.Names).HasLocalizedText().HasColumnName("Name");
        b.HasData(Topics.Seed.Select(t => new { t.Key, t.Names, t.Position, t.Active }));
    }
}
