package dev.reverbj.protocol;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every observer of an app hears everything: {@link Observers} passes each {@link Observer} call to each of its
 * observers once, in order. A method added to {@link Observer} later and not passed on fails here.
 */
class ObserversTest {
    @Test
    void everyObserverCallReachesEveryObserverOnceInOrder() throws Exception {
        List<String> calls = new ArrayList<>();
        Observer all = Observers.of(List.of(recording("first", calls), recording("second", calls)));
        List<String> expected = new ArrayList<>();
        for (Method m : Observer.class.getMethods()) {
            if (Modifier.isStatic(m.getModifiers())) {
                continue;
            }
            m.invoke(all, Arrays.stream(m.getParameterTypes()).map(ObserversTest::sample).toArray());
            expected.add("first " + signature(m));
            expected.add("second " + signature(m));
        }
        assertEquals(expected, calls);
    }

    private static Observer recording(String name, List<String> calls) {
        return (Observer) Proxy.newProxyInstance(Observer.class.getClassLoader(), new Class<?>[] {Observer.class},
                (proxy, method, args) -> {
                    calls.add(name + " " + signature(method));
                    return null;
                });
    }

    private static String signature(Method m) {
        return m.getName() + Arrays.toString(m.getParameterTypes());
    }

    private static Object sample(Class<?> type) {
        if (type == int.class) {
            return 1000;
        }
        if (type == boolean.class) {
            return false;
        }
        if (type == long.class) {
            return 0L;
        }
        return null;
    }
}
