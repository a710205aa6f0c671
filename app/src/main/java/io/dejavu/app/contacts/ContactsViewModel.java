package io.dejavu.app.contacts;

import io.dejavu.app.session.Contact;
import io.dejavu.app.session.Contact.Presence;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.ObservableSet;

/**
 * State of the contacts screen: who is there and reachable, whom the user blocks, and the dial
 * box. Dialling is handed to {@code dialer} (the call view model) once the name makes sense;
 * blocking to {@code blocks} (the session). Blocked users stay listed, so they can be unblocked.
 *
 * <pre>{@code
 * ContactsViewModel vm = new ContactsViewModel(callViewModel::dial, blockList);
 * vm.signedInAs("alice");
 * vm.update(List.of(new Contact("bob", Presence.ONLINE)));
 * vm.dial("bob");
 * vm.block("mallory");              // then the session reports the new list: vm.blockedUpdated(...)
 * }</pre>
 */
public final class ContactsViewModel {
    private static final Comparator<Contact> ORDER = Comparator.comparing(
                    (Contact c) -> c.presence().ordinal())
            .thenComparing(c -> c.name().toLowerCase(Locale.ROOT));

    private final Consumer<String> dialer;
    private final BlockList blocks;
    private final ObservableList<Contact> contacts = FXCollections.observableArrayList();
    private final ObservableSet<String> blocked = FXCollections.observableSet(new TreeSet<>());
    private List<Contact> lastPresence = List.of();
    private final StringProperty dialText = new SimpleStringProperty("");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper me = new ReadOnlyStringWrapper("");

    public ContactsViewModel(Consumer<String> dialer, BlockList blocks) {
        this.dialer = dialer;
        this.blocks = blocks;
    }

    public void signedInAs(String user) {
        me.set(user);
        lastPresence = List.of();
        blocked.clear();
        contacts.clear();
        error.set("");
    }

    /** Replaces the list with what the server says, without the user themself; online first. */
    public void update(List<Contact> fresh) {
        lastPresence = List.copyOf(fresh);
        refresh();
    }

    /** The block list as the server keeps it now. */
    public void blockedUpdated(List<String> names) {
        blocked.clear();
        blocked.addAll(names);
        refresh();
    }

    private void refresh() {
        List<Contact> all = new ArrayList<>(lastPresence);
        for (String name : blocked) {
            if (all.stream().noneMatch(c -> c.name().equals(name))) {
                all.add(new Contact(name, Presence.OFFLINE)); // kept in view to be unblocked
            }
        }
        contacts.setAll(all.stream()
                .filter(c -> !c.name().equals(me.get()))
                .sorted(ORDER)
                .toList());
    }

    /** Refuses calls from {@code name} from now on, or says in {@link #errorProperty()} why not. */
    public void block(String name) {
        String who = name == null ? "" : name.strip();
        if (who.isEmpty() || who.equals(me.get())) {
            error.set(who.isEmpty() ? "Choose whom to block." : "You cannot block yourself.");
            return;
        }
        error.set("");
        blocks.block(who);
    }

    public void unblock(String name) {
        error.set("");
        blocks.unblock(name);
    }

    public boolean isBlocked(String name) {
        return blocked.contains(name);
    }

    /** Whom the user blocks, as last reported by the server. */
    public ObservableSet<String> blocked() {
        return FXCollections.unmodifiableObservableSet(blocked);
    }

    /** Calls whoever is typed in the dial box. */
    public void dialTyped() {
        dial(dialText.get());
    }

    /** Calls {@code name}, or says in {@link #errorProperty()} why not. */
    public void dial(String name) {
        String callee = name == null ? "" : name.strip();
        if (callee.isEmpty()) {
            error.set("Type the name of the person to call.");
            return;
        }
        if (callee.equals(me.get())) {
            error.set("You cannot call yourself.");
            return;
        }
        if (blocked.contains(callee)) {
            error.set("You blocked " + callee + "; unblock them to call.");
            return;
        }
        Presence presence = presenceOf(callee);
        if (presence == Presence.OFFLINE) {
            error.set(callee + " is offline.");
            return;
        }
        error.set("");
        dialer.accept(callee);
    }

    /** Shows why a call did not happen (rejected, busy, unreachable). */
    public void showMessage(String message) {
        error.set(message);
    }

    private Presence presenceOf(String name) {
        return contacts.stream()
                .filter(c -> c.name().equals(name))
                .map(Contact::presence)
                .findFirst()
                .orElse(Presence.ONLINE);
    }

    public ObservableList<Contact> contacts() {
        return contacts;
    }

    public StringProperty dialTextProperty() {
        return dialText;
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty meProperty() {
        return me.getReadOnlyProperty();
    }
}
