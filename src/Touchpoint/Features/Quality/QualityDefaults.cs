using Microsoft.EntityFrameworkCore;
using Touchpoint.Platform.Localization;
using Touchpoint.Platform.Persistence;

namespace Touchpoint.Features.Quality;

/// <summary>
/// The shipped scorecards (seeds 000 and 004): sales, support and warehouse, in en, ru and pl. Written at start when a
/// key has no version yet; a store's own edits are never overwritten.
/// </summary>
public sealed class QualityDefaults(IServiceScopeFactory scopes, TimeProvider time) : IShippedDefaults
{
    public const string Sales = "sales";
    public const string Support = "support";
    public const string Warehouse = "warehouse";

    private static Criterion C(string key, string section, string en, string ru, string pl, string scale = "yes_no", double weight = 1,
        bool allowNa = false, bool critical = false, string? training = null) => new()
    {
        Key = key, Section = section, Text = LocalizedText.Of(en, ru, pl), Scale = scale, Weight = weight, AllowNa = allowNa, Critical = critical, Training = training,
    };

    public static readonly IReadOnlyList<(string Key, string Touchpoint, LocalizedText Name, IReadOnlyList<Criterion> Criteria)> Scorecards =
    [
        (Sales, QualityTouchpoints.Sales, LocalizedText.Of("Sales conversation", "Продающий разговор", "Rozmowa sprzedażowa"),
        [
            C("greeting", "opening", "Greets with their name and the store's name", "Приветствует, называя своё имя и магазин", "Wita się, podając swoje imię i nazwę sklepu"),
            C("need_questions", "need", "Finds the need with questions", "Выясняет потребность вопросами", "Rozpoznaje potrzebę, zadając pytania", "1_5", 2),
            // Seed 004's SPIN groups: answered from the ticks the agent made beside the conversation (ScriptCoverage.Suggest).
            C("spin_situation", "need", "Asks situation questions (SPIN)", "Задаёт ситуационные вопросы (СПИН)", "Zadaje pytania sytuacyjne (SPIN)", allowNa: true),
            C("spin_problem", "need", "Asks problem questions (SPIN)", "Задаёт проблемные вопросы (СПИН)", "Zadaje pytania problemowe (SPIN)", allowNa: true),
            C("spin_implication", "need", "Asks implication questions (SPIN)", "Задаёт извлекающие вопросы (СПИН)", "Zadaje pytania implikacyjne (SPIN)", allowNa: true),
            C("spin_need_payoff", "need", "Asks need-payoff questions (SPIN)", "Задаёт направляющие вопросы (СПИН)", "Zadaje pytania naprowadzające (SPIN)", allowNa: true),
            C("alternatives", "offer", "Offers alternatives", "Предлагает альтернативы", "Proponuje alternatywy", "1_5", 1, allowNa: true),
            C("terms", "offer", "States price, delivery and return terms", "Называет цену, условия доставки и возврата", "Podaje cenę, warunki dostawy i zwrotu", "1_5", 2),
            C("next_step", "closing", "Agrees the next step", "Договаривается о следующем шаге", "Uzgadnia kolejny krok"),
            C("false_information", "critical", "No false information given", "Нет ложной информации", "Brak nieprawdziwych informacji", critical: true),
            C("rudeness", "critical", "No rudeness", "Нет грубости", "Brak niegrzeczności", critical: true),
        ]),
        (Support, QualityTouchpoints.Support, LocalizedText.Of("Support conversation", "Обращение в поддержку", "Zgłoszenie do obsługi klienta"),
        [
            C("within_promise", "speed", "Answered within the promised time", "Ответ в обещанный срок", "Odpowiedź w obiecanym czasie"),
            C("name", "tone", "Addresses the customer by name", "Обращается к клиенту по имени", "Zwraca się do klienta po imieniu"),
            C("procedure", "content", "The answer follows the topic's procedure", "Ответ соответствует регламенту темы", "Odpowiedź jest zgodna z procedurą tematu", "1_5", 3, allowNa: true),
            C("no_repeat", "content", "The customer need not repeat anything", "Клиенту не приходится ничего повторять", "Klient nie musi niczego powtarzać", "1_5", 2),
            C("register", "tone", "Polite register without familiarity", "Вежливый тон без фамильярности", "Uprzejmy ton bez spoufalania się", "1_5", 1),
            C("next_step", "closing", "Next step and its time stated", "Назван следующий шаг и срок", "Podany kolejny krok i jego termin", "yes_no", 2),
            C("wrong_information", "critical", "No wrong or invented information", "Нет неверной или выдуманной информации", "Brak błędnych lub zmyślonych informacji", critical: true),
            C("personal_data", "critical", "No personal data given to the wrong person", "Персональные данные не переданы постороннему", "Dane osobowe nie trafiły do niewłaściwej osoby", critical: true),
        ]),
        (Warehouse, QualityTouchpoints.Warehouse, LocalizedText.Of("Order picking and dispatch", "Комплектация и отправка заказа", "Kompletacja i wysyłka zamówienia"),
        [
            C("right_item", "picking", "Right item and quantity (photo as evidence)", "Верный товар и количество (фото)", "Właściwy towar i ilość (zdjęcie)", critical: true),
            C("complete_set", "picking", "Complete set", "Полная комплектация", "Kompletny zestaw", weight: 2),
            C("packing", "packing", "Packed to the standard (photo as evidence)", "Упаковано по стандарту (фото)", "Zapakowane zgodnie ze standardem (zdjęcie)", "1_5", 2),
            C("dispatch_time", "dispatch", "Dispatched within the stage target", "Отправлено в срок этапа", "Wysłane w czasie etapu"),
            C("documents", "dispatch", "Documents enclosed", "Документы вложены", "Dokumenty dołączone", allowNa: true),
        ]),
    ];

    public async Task EnsureAsync(CancellationToken ct)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TouchpointDb>();
        var existing = await db.Set<Scorecard>().Select(s => s.Key).Distinct().ToListAsync(ct);
        var now = time.GetUtcNow().UtcDateTime;
        foreach (var (key, touchpoint, name, criteria) in Scorecards.Where(s => !existing.Contains(s.Key)))
        {
            db.Set<Scorecard>().Add(Scorecard.Create(key, 1, touchpoint, name, criteria, now, "seed"));
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation())
        {
            // Another instance wrote them at the same moment.
        }
    }
}
